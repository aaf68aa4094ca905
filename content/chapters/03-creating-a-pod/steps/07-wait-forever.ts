// expect-error: the condition was still false after 120s of virtual time
// Waiting for "typo" to run cannot end well: no number of retries fixes a tag that does not exist.
console.log("phase of typo:", podInEtcd("typo").phase, "- waiting up to 2 minutes for Running…");
await cluster.run({ until: () => podInEtcd("typo").phase === "Running", timeout: "2m" });
console.log("typo is running"); // never printed: the line above throws
