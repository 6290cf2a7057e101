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
