import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type Series = { key: string; label: string; color: string; dash?: string };
type Point = { label: string } & Record<string, string | number>;

/** False on the server and during hydration, true after: charts measure the DOM, so they render only in the browser. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A weekly trend as a recharts chart, with its figures in a table beside it. The table is the text
 * alternative and the whole picture without JavaScript: it is open until the chart has rendered.
 */
export function TrendChart({
  title,
  summary,
  data,
  series,
  variant = "line",
}: {
  title: string;
  summary: string;
  data: Point[];
  series: Series[];
  variant?: "line" | "bar";
}) {
  const hydrated = useHydrated();
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <figure aria-labelledby={`${id}-caption`} className="space-y-3" data-chart={id}>
      <figcaption id={`${id}-caption`} className="text-sm text-slate-600">
        <span className="font-medium text-slate-900">{title}.</span> {summary}
      </figcaption>
      {hydrated ? (
        // The table below carries the figures for assistive technology; the drawing repeats them.
        <div aria-hidden="true" className="h-64 w-full" data-testid="chart">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 256 }}>
            {variant === "line" ? (
              <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                {series.map((s) => (
                  <Line
                    key={s.key}
                    type="monotone"
                    dataKey={s.key}
                    name={s.label}
                    stroke={s.color}
                    strokeDasharray={s.dash}
                    strokeWidth={2}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            ) : (
              <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                {series.map((s) => (
                  <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      ) : null}
      <details open={!hydrated} className="text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Figures as a table</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{title}, week by week</caption>
            <thead>
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-700">
                  Week to
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="px-3 py-2 text-right font-semibold text-slate-700">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((point) => (
                <tr key={point.label}>
                  <th scope="row" className="px-3 py-1.5 text-left font-normal text-slate-700">
                    {point.label}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className="px-3 py-1.5 text-right tabular-nums text-slate-700">
                      {point[s.key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
