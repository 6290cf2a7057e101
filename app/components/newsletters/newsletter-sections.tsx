import { NavLink } from "@remix-run/react";

const SECTIONS = [
  { label: "Newsletters", to: "/console/newsletters" },
  { label: "Topics", to: "/console/newsletters/topics" },
  { label: "Segments", to: "/console/segments" },
  { label: "Reports", to: "/console/newsletters/reports" },
] as const;

/** The newsletter pages' own tabs: the list, its topics, its audiences and its reports lead to each other. */
export function NewsletterSections() {
  return (
    <nav aria-label="Newsletter sections" className="mb-6 flex flex-wrap gap-2 text-sm">
      {SECTIONS.map((section) => (
        <NavLink
          key={section.to}
          to={section.to}
          end
          className={({ isActive }) =>
            `rounded-full px-3 py-1 font-medium ring-1 ${isActive ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`
          }
        >
          {section.label}
        </NavLink>
      ))}
    </nav>
  );
}
