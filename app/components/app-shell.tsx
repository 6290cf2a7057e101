import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NavSection } from "./navigation.ts";

type ShellUser = { name: string; email: string; roleLabel: string; accountName: string | null };

export function AppShell({ user, navigation, children }: { user: ShellUser; navigation: NavSection[]; children: ReactNode }) {
  return (
    <div className="min-h-full lg:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute print:hidden focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white print:hidden lg:fixed lg:inset-y-0 lg:w-64 lg:overflow-y-auto lg:border-b-0 lg:border-r">
        <div className="flex min-h-full flex-col gap-6 px-4 py-5">
          <Link to="/" className="flex items-center gap-2 px-2 text-lg font-semibold text-slate-900">
            <img src="/favicon.svg" alt="" className="h-7 w-7" />
            Lyceum
          </Link>
          <nav aria-label="Main" className="flex-1 space-y-6">
            {navigation.map((section) => (
              <div key={section.label ?? "main"}>
                {section.label ? (
                  <h2 className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{section.label}</h2>
                ) : null}
                <ul className="space-y-0.5">
                  {section.items.map((item) => (
                    <li key={item.to}>
                      <NavLink
                        to={item.to}
                        end={item.end}
                        className={({ isActive }) =>
                          `block rounded-lg px-2 py-1.5 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`
                        }
                      >
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          <div className="border-t border-slate-100 pt-4">
            <p className="px-2 text-sm font-medium text-slate-900">{user.name}</p>
            <p className="px-2 text-xs text-slate-500">
              {user.roleLabel}
              {user.accountName ? ` · ${user.accountName}` : ""}
            </p>
            <Form method="post" action="/logout" className="mt-2">
              <input type="hidden" name="scope" value="this" />
              <button type="submit" className="w-full rounded-lg px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </aside>
      <main id="main" tabIndex={-1} className="flex-1 px-4 py-8 sm:px-8 lg:ml-64 print:ml-0 print:p-0">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
