import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: "es2022" },
  plugins: [
    tailwindcss(),
    // Vitest loads this file too; the Remix plugin only belongs in app builds.
    !process.env.VITEST &&
      remix({
        ignoredRouteFiles: ["**/*.test.*", "**/*.server.test.*"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
  ],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "emails/**/*.test.{ts,tsx}", "test/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: [
      "test/e2e/**",
      // On the PostgreSQL run (npm run test:pg), leave out what only SQLite has: SQLITE_BUSY /
      // SQLITE_FULL pages, and the backup and restore of the SQLite file.
      ...(process.env.LYCEUM_TEST_DATABASE === "postgresql"
        ? ["app/utils/database-failure.server.test.ts", "scripts/sqlite-ops.test.ts"]
        : []),
    ],
    setupFiles: ["./test/setup/setup-test-env.ts"],
    globalSetup: ["./test/setup/global-setup.ts"],
    pool: "forks",
    reporters: ["default", "json"],
    outputFile: { json: "tmp/test-results/unit.json" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
