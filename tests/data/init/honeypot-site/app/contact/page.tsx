"use client";
import { useState } from "react";

export default function ContactPage() {
  const [status, setStatus] = useState("");
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget));
    const response = await fetch("/api/contact", { method: "POST", body: JSON.stringify(data) });
    setStatus(response.ok ? "Thank you!" : "Sorry, something went wrong.");
  }
  return (
    <form onSubmit={onSubmit}>
      <label>Name <input name="name" required /></label>
      <label>Email <input name="email" type="email" required /></label>
      <label>Message <textarea name="message" required /></label>
      <input name="website" tabIndex={-1} autoComplete="off" style={{ display: "none" }} />
      <div className="sr-only" aria-hidden="true">
        <label>Leave this empty <input name="fax" /></label>
      </div>
      <button type="submit">Send</button>
      <p role="status">{status}</p>
    </form>
  );
}
