import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu","--disable-background-networking"] });
const ctx = await browser.newContext({ baseURL: "http://localhost:3300", viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto("/login");
await page.screenshot({ path: "/tmp/s-login.png" });
await page.getByLabel("Email", { exact: true }).fill(process.argv[2]);
await page.getByLabel("Password", { exact: true }).fill("lyceum-demo-2026");
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.getByRole("navigation", { name: "Main" }).waitFor();
for (const [name, path] of process.argv.slice(3).map((p, i) => [`s${i}`, p])) {
  await page.goto(path); await page.screenshot({ path: `/tmp/${name}.png`, fullPage: false });
}
await browser.close();
