// No certificate, no token: the API server calls the caller system:anonymous.
const anonymous = await cluster.http.anonymous.get(podsPath);
console.log(anonymous.code, (anonymous.body as any).message);

// A token the server does not recognise is not "anonymous": it is rejected.
const badToken = await cluster.http.as({ token: "not-a-real-token" }).get(podsPath);
console.log(badToken.code, badToken.body);
