// Playwright's side of bench/browser_bench.sh: the same steps as formcheck-browser-bench on
// the same page (launch, context for the device, then N submissions: open the page, type the
// fields with key events, click, wait for the route's answer and the success text).
//   node bench.mjs <site url> <device> <submissions>
import { chromium, devices } from 'playwright-core';

const [site, device, count] = process.argv.slice(2);
const n = Math.max(2, Number(count));
const t0 = performance.now();
const browser = await chromium.launch({
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
const context = await browser.newContext(device === 'desktop' ? { viewport: { width: 1280, height: 800 } } : devices[device]);
const page = await context.newPage();
const sessionMs = performance.now() - t0;
const fields = { name: 'Ayu Lestari', email: 'ayu@example.com', message: 'Selamat pagi! Space for 2?' };
const times = [];
for (let i = 0; i < n; i++) {
  const start = performance.now();
  await page.goto(site + '/contact');
  for (const [name, value] of Object.entries(fields)) {
    const text = name === 'message' ? `[formcheck-test pw-bench-${i}] ${value}` : value;
    await page.locator(`[name="${name}"]`).pressSequentially(text);
  }
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/contact') && r.request().method() === 'POST');
  await page.locator('#contact-form button[type=submit]').click();
  const response = await answer;
  await response.body();
  await page.getByText('Thank you').waitFor();
  if (response.status() !== 200) { throw new Error(`HTTP ${response.status()}`); }
  times.push(performance.now() - start);
}
const warm = times.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ tool: 'playwright', device, session_ms: Math.round(sessionMs), first_ms: Math.round(times[0]),
                             warm_median_ms: Math.round(warm[Math.floor(warm.length / 2)]), warm_n: warm.length }));
await browser.close();
