import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Browser journeys: one built server (started in global setup) driven by Debian's Chromium.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    pool: "forks",
    // One server and one SQLite file: journeys run one file at a time.
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "tmp/test-results/e2e.json" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
