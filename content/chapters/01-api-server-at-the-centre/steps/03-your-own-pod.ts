// Exercise: create a pod named "web" that runs the image httpd:2.4,
// then press Check.
console.log(await cluster.kubectl("get pods"));
