import { NextResponse } from "next/server";
import twilio from "twilio";

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

export async function POST(request: Request) {
  const { name, email, message, website } = await request.json();
  // Honeypot: people never see the field, bots fill it. Pretend success, send nothing.
  if (website) {
    return NextResponse.json({ ok: true });
  }
  if (!name || !email || !message) {
    return NextResponse.json({ error: "name, email and message are required" }, { status: 400 });
  }
  const sent = await client.messages.create({
    from: process.env.TWILIO_WHATSAPP_FROM,
    to: process.env.STAFF_WHATSAPP_TO,
    body: `New contact form submission\nName: ${name}\nEmail: ${email}\nMessage:\n${message}`,
  });
  return NextResponse.json({ ok: true, sid: sent.sid });
}
