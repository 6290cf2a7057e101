import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = "Hostile markdown check (journey)";
const PHRASE = "periwinkle reconciliation ritual";
const HOSTILE = [
  `Every quarter we run the ${PHRASE} before the business review.`,
  "<script>window.__pwned = 'script'</script>",
  "[x](javascript:alert(1))",
  "<img src=x onerror=\"window.__pwned = 'onerror'\">",
  '<iframe src="https://evil.example/"></iframe>',
  "## Still a heading",
].join("\n\n");

async function signedIn(email: string, timezoneId = "Europe/Paris") {
  const context = await newContext(browser, { timezoneId });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInWithPassword(page, email);
  return { page, dialogs };
}

/** What the rendered item must never contain, read from the live DOM after hydration. */
async function hostileLeftovers(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    return {
      scripts: main.querySelectorAll("script").length,
      javascriptLinks: [...document.querySelectorAll("[href]")].filter((element) =>
        /^\s*javascript:/i.test(element.getAttribute("href") ?? ""),
      ).length,
      handlers: [...document.querySelectorAll("*")].filter((element) => element.getAttributeNames().some((name) => name.startsWith("on")))
        .length,
      iframes: document.querySelectorAll("iframe").length,
      images: main.querySelectorAll("img").length,
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
    };
  });
}

describe("the library's content", () => {
  it("a publisher writes and publishes a one-pager; a customer finds it by search and reads it with nothing hostile left", async () => {
    const { page: publisher } = await signedIn("publisher@lyceum.example", "America/New_York");
    await publisher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library", exact: true }).click();
    await publisher.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    // The starter library was imported by the seed.
    await publisher.getByRole("link", { name: "The admin's handbook" }).waitFor();
    await expectAccessible(publisher);

    await publisher.getByRole("link", { name: "New one-pager" }).click();
    await publisher.getByRole("heading", { name: "New one-pager", level: 1 }).waitFor();
    await expectAccessible(publisher);
    await publisher.getByLabel("Title").fill(TITLE);
    await publisher.getByLabel("Topics").fill("security, journeys");
    await publisher.getByLabel("Summary").fill("Checks that nothing an author types can run in a reader's browser.");
    await publisher.getByLabel("Text (markdown)").fill(HOSTILE);
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByText("Draft created.").waitFor();
    const item = queryOne<{ id: string; slug: string; status: string }>("SELECT id, slug, status FROM ContentItem WHERE title = ?", TITLE);
    expect(item).toMatchObject({ slug: "hostile-markdown-check-journey", status: "DRAFT" });

    await publisher.getByRole("link", { name: "Preview", exact: true }).click();
    await publisher.getByRole("heading", { name: "Draft preview" }).waitFor();
    expect(await hostileLeftovers(publisher)).toMatchObject({ scripts: 0, javascriptLinks: 0, handlers: 0, iframes: 0, pwned: null });
    await publisher.getByRole("link", { name: "Back to editing" }).click();

    await publisher.getByRole("link", { name: "Publish…" }).click();
    await publisher.getByRole("heading", { name: "Publish this item?" }).waitFor();
    await publisher.getByRole("button", { name: "Yes, publish it" }).click();
    await publisher.getByText("Published: customers in its audience").waitFor();
    expect(queryOne<{ status: string }>("SELECT status FROM ContentItem WHERE id = ?", item.id).status).toBe("PUBLISHED");

    const { page: customer, dialogs } = await signedIn("member@northwind.example");
    await customer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library", exact: true }).click();
    await customer.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    await expectAccessible(customer);
    await customer.getByLabel("Search the library").fill("periwinkle reconciliation");
    await customer.getByRole("button", { name: "Search" }).click();
    await customer.getByRole("status").filter({ hasText: "1 item found" }).waitFor();
    const results = customer.getByRole("list", { name: "Library items" });
    expect(await results.getByRole("link").allTextContents()).toEqual([TITLE]);
    expect(await results.locator("mark").first().textContent()).toMatch(/periwinkle/i);

    await results.getByRole("link", { name: TITLE }).click();
    await customer.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await customer.getByRole("heading", { name: "Still a heading" }).waitFor();
    await customer.getByText(PHRASE).waitFor();
    await customer.getByRole("button", { name: "Print this page" }).waitFor();
    expect(await hostileLeftovers(customer)).toEqual({ scripts: 0, javascriptLinks: 0, handlers: 0, iframes: 0, images: 0, pwned: null });
    expect(dialogs).toEqual([]);
    await expectAccessible(customer);
    expect(
      queryOne<{ n: number }>(
        "SELECT COUNT(*) AS n FROM EngagementEvent e JOIN User u ON u.id = e.userId WHERE e.kind = 'document.opened' AND e.subjectId = ? AND u.email = 'member@northwind.example'",
        item.id,
      ).n,
    ).toBe(1);

    // The shipped e-book reads chapter by chapter.
    await customer.goto("/portal/library/the-admins-handbook");
    await customer.getByRole("navigation", { name: "Contents" }).waitFor();
    await customer.getByRole("link", { name: /^Start reading/ }).click();
    await customer.getByText(/^Chapter 1 of \d+$/).waitFor();
    await customer.getByRole("link", { name: /^Next:/ }).click();
    await customer.getByText(/^Chapter 2 of \d+$/).waitFor();
    await expectAccessible(customer);
  });
});
