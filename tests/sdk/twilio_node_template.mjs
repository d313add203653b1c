// Twilio's official Node SDK sending a Content Template to the emulator: contentSid +
// contentVariables (a JSON string) is delivered with the template's text in `body` although
// staff's 24-hour window is closed, a free-form body to the same staff fails with 63016, and an
// unknown contentSid is the SDK's RestException 400/21655.
// Usage: node twilio_node_template.mjs <emulator url> <account sid> <auth token> <sender> <staff> <HX… template>
import twilio from "twilio";

const [base, sid, token, sender, staff, contentSid] = process.argv.slice(2);
delete process.env.TWILIO_EDGE;
delete process.env.TWILIO_REGION;
const client = twilio(sid, token);
client.api.baseUrl = base;

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function settle(messageSid) {
  for (const deadline = Date.now() + 10000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const m = await client.messages(messageSid).fetch();
    if (["delivered", "read", "failed", "undelivered"].includes(m.status)) return m;
  }
  throw new Error(`${messageSid} never reached a final status`);
}

const templated = await client.messages.create({
  from: sender,
  to: staff,
  contentSid,
  contentVariables: JSON.stringify({ 1: "Ayu Lestari", 2: "ayu@example.com", 3: "Room for 2? 🏄", 4: "not given" }),
});
check(templated.body.includes("Name: Ayu Lestari") && templated.body.includes("Room for 2? 🏄"),
      `the template's text is rendered into body (got ${JSON.stringify(templated.body)})`);
const delivered = await settle(templated.sid);
check(delivered.status === "delivered" && delivered.errorCode === null, `template delivered (got ${delivered.status})`);

const freeForm = await client.messages.create({ from: sender, to: staff, body: "New contact form submission" });
const failed = await settle(freeForm.sid);
check(failed.status === "failed" && failed.errorCode === 63016, `free-form fails 63016 (got ${failed.status}/${failed.errorCode})`);

let refused = null;
try {
  await client.messages.create({ from: sender, to: staff, contentSid: "HX" + "0".repeat(32) });
} catch (e) {
  refused = e;
}
check(refused && refused.status === 400 && refused.code === 21655, `unknown contentSid → 400/21655 (got ${refused && refused.status}/${refused && refused.code})`);

console.log(JSON.stringify({ ok: true, sdk: "twilio-node", template: templated.sid, free_form_error: failed.errorCode }));
