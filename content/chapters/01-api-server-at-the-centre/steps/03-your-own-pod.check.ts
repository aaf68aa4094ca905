// Runs after the reader's step 3, in the same sandbox; check() is defined by the page.
const web = await cluster.kubectl.run("get pod web -o json");
await check('a pod named "web" exists', () => web.exitCode === 0);
await check("it runs the image httpd:2.4", () => web.exitCode === 0 && JSON.parse(web.stdout).spec.containers[0].image === "httpd:2.4");
