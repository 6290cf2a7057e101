/** A registrant's row header: name, email and account, so a screen reader names every row. */
export function PersonCell({ name, email, account }: { name: string; email: string; account: string | null }) {
  return (
    <th scope="row" className="px-4 py-3 text-left align-top font-normal text-slate-700">
      <span className="font-medium text-slate-900">{name}</span>
      <span className="block text-xs text-slate-500">{email}</span>
      {account ? <span className="block text-xs text-slate-500">{account}</span> : null}
    </th>
  );
}
