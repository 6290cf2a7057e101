import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type FieldShellProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[] | null;
  children: ReactNode;
};

export const controlClass =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500 sm:text-sm";

export function errorId(id: string) {
  return `${id}-error`;
}

/** Label, control, hint and errors wired together for screen readers. */
export function FieldShell({ id, label, hint, errors, children }: FieldShellProps) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul id={errorId(id)} className="text-sm text-red-700">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, errors?: string[] | null) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? errorId(id) : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

type Common = { label: string; hint?: ReactNode; errors?: string[] | null };

/** The attributes every control shares: its id, the invalid state and what describes it. */
function controlProps(id: string, hint: unknown, errors?: string[] | null) {
  return {
    id,
    className: controlClass,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, hint, errors),
  };
}

export function TextField({ label, hint, errors, id, name, ...props }: Common & InputHTMLAttributes<HTMLInputElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <input name={name} {...controlProps(fieldId, hint, errors)} {...props} />
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  errors,
  id,
  name,
  children,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <select name={name} {...controlProps(fieldId, hint, errors)} {...props}>
        {children}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  errors,
  id,
  name,
  ...props
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <textarea name={name} {...controlProps(fieldId, hint, errors)} {...props} />
    </FieldShell>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

/** A group of checkboxes or radios with its legend, hint and errors announced together. */
export function Fieldset({ legend, hint, errors, children }: { legend: string; hint?: string; errors?: string[]; children: ReactNode }) {
  const id = legend.toLowerCase().replace(/\W+/g, "-");
  return (
    <fieldset className="space-y-2" aria-describedby={hint || errors?.length ? `${id}-note` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      <div id={`${id}-note`}>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
        {errors?.length ? (
          <ul className="text-sm text-red-700">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}

/** One checkbox or radio in a Fieldset; `detail` is a second, quieter line. */
export function Check({
  type = "checkbox",
  name,
  value,
  label,
  detail,
  checked,
}: {
  type?: "checkbox" | "radio";
  name: string;
  value?: string;
  label: ReactNode;
  detail?: string;
  checked: boolean;
}) {
  return (
    <label className="flex items-start gap-2 text-sm text-slate-800">
      <input type={type} name={name} value={value ?? "on"} defaultChecked={checked} className="mt-0.5 size-4 rounded border-slate-300" />
      <span>
        {label}
        {detail ? <span className="block text-xs text-slate-500">{detail}</span> : null}
      </span>
    </label>
  );
}
