/**
 * Five projects: unit (pure domain code), cdk (synth + assertions), integration (real local services),
 * security (the seed's promises: template controls, FIPS, secrets, fuzzing), e2e (`npm start` as a user runs it, with a browser).
 */
const base = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest" },
  setupFiles: ["<rootDir>/test/helpers/jest-env.ts"],
};

module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    { ...base, displayName: "cdk", testMatch: ["<rootDir>/test/cdk/**/*.test.ts"] },
    { ...base, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts"] },
    { ...base, displayName: "security", testMatch: ["<rootDir>/test/security/**/*.test.ts"] },
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
