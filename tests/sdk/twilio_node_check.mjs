// Twilio's official Node SDK against formcheck-twilio-emulator: a form-encoded create, fetch,
// filtered lists, paging (relative next_page_uri), Senders v2 (absolute meta.next_page_url)
// and IncomingPhoneNumbers. Exits non-zero with the SDK's own error when it cannot parse an
// answer. Usage: node twilio_node_check.mjs <emulator url> <account sid> <auth token> <sender> <staff>
import twilio from "twilio";

const [base, sid, token, sender, staff] = process.argv.slice(2);
// The SDK rewrites hosts when TWILIO_EDGE/TWILIO_REGION are set: keep them out.
delete process.env.TWILIO_EDGE;
delete process.env.TWILIO_REGION;
const client = twilio(sid, token);
client.api.baseUrl = base;        // Messages, IncomingPhoneNumbers
client.messaging.baseUrl = base;  // Senders v2

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

const created = await client.messages.create({ from: sender, to: staff, body: "Halo dari SDK *tebal* 🏄" });
check(created.sid.startsWith("SM") && created.status === "queued", `create → ${created.sid} ${created.status}`);
check(created.dateCreated instanceof Date && !isNaN(created.dateCreated), "dateCreated parsed as a Date");
check(created.numSegments === "1", `numSegments is the string "1" (got ${JSON.stringify(created.numSegments)})`);

const fetched = await client.messages(created.sid).fetch();
check(fetched.sid === created.sid && fetched.body === created.body, "fetch by SID");

// 25 more messages so paging (PageSize 10 → 3 pages) follows the relative next_page_uri.
for (let i = 0; i < 25; i++) {
  await client.messages.create({ from: sender, to: staff, body: `page test ${i}` });
}
const today = new Date();
// Queued messages have no date_sent yet, so a DateSent filter shows them once sent: poll
// (with a deadline) until all 26 are.
let listed = [];
for (const deadline = Date.now() + 15000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
  listed = await client.messages.list({ to: staff, dateSentAfter: new Date(today.getTime() - 86400000), pageSize: 10 });
  if (listed.length === 26) break;
}
check(listed.length === 26, `list To + DateSent> over 3 pages gives 26 (got ${listed.length})`);
const bySender = await client.messages.list({ from: sender, to: staff, pageSize: 1000 });
check(bySender.length === 26, `list From + To gives 26 (got ${bySender.length})`);
let eachCount = 0;
await client.messages.each({ to: staff, pageSize: 7 }, () => { eachCount++; });
check(eachCount === 26, `each() across pages of 7 gives 26 (got ${eachCount})`);

const senders = await client.messaging.v2.channelsSenders.list({ channel: "whatsapp", pageSize: 1 });
check(senders.length >= 1 && senders[0].senderId === sender && senders[0].status === "ONLINE",
      `Senders v2 list (got ${JSON.stringify(senders.map((s) => [s.senderId, s.status]))})`);
const sender0 = await client.messaging.v2.channelsSenders(senders[0].sid).fetch();
check(sender0.profile && sender0.profile.name, "Senders v2 fetch with a profile name");

const numbers = await client.incomingPhoneNumbers.list({ phoneNumber: sender.replace("whatsapp:", "") });
check(numbers.length === 1 && numbers[0].phoneNumber === sender.replace("whatsapp:", ""), "IncomingPhoneNumbers by PhoneNumber");

const wrong = twilio(sid, "ffffffffffffffffffffffffffffffff");
wrong.api.baseUrl = base;
let refused = null;
try {
  await wrong.messages.list({ limit: 1 });
} catch (e) {
  refused = e;
}
check(refused && refused.status === 401 && refused.code === 20003, `bad credentials → RestException 401/20003 (got ${refused && refused.status}/${refused && refused.code})`);

console.log(JSON.stringify({ ok: true, sdk: "twilio-node", created: created.sid, listed: listed.length, each: eachCount,
                             senders: senders.length, numbers: numbers.length }));
