import { useEffect, useState } from "react";
import { Button } from "~/components/ui/button.tsx";

/**
 * Opens the browser's print dialog. It needs JavaScript, so it appears only once the page is
 * hydrated; without it, the browser's own Print command gives the same printable layout.
 */
export function PrintButton({ label = "Print" }: { label?: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <Button type="button" variant="secondary" className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
