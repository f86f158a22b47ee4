// A real OpenID provider for the single sign-on tests: Node's oidc-provider (the certified
// implementation) with the clients and people the test gives as JSON in argv[2]:
//   {"port": 0, "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//    "accounts": {"<sub>": {"email": ..., "name": ..., "groups": [...]}}}
// The login page is one field (the account's sub) and a button; consent is given at once.
// Test controls (the test's own, not OpenID): POST /test/groups {"sub", "groups"} changes a
// person's groups; POST /test/audience {"audience"} makes the next ID tokens name another
// audience (re-signed with the provider's own key), {"audience": null} stops it; POST
// /test/rotate publishes a second key and signs ID tokens with it from then on; POST
// /test/reset restores the people and modes of the start.
import http from 'node:http';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';

const config = JSON.parse(process.argv[2]);
const accounts = structuredClone(config.accounts);
const modes = { audience: null, rotated: null };
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

async function rotate() { // a second key, published beside the first and signing from now on
  const pair = await generateKeyPair('RS256', { extractable: true });
  const published = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-2', alg: 'RS256',
                      use: 'sig' };
  return { privateKey: pair.privateKey, published };
}

const server = http.createServer();
await new Promise((done) => server.listen(config.port || 0, '127.0.0.1', done));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingKey] },
  findAccount: async (ctx, sub) => (accounts[sub]
    ? { accountId: sub, claims: async () => ({ sub, ...accounts[sub] }) } : undefined),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'],
            groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  conformIdTokenClaims: false, // the claims go into the ID token (no userinfo call needed)
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['oidc-test-cookie-key'] },
  ttl: { AuthorizationCode: 60, IdToken: 3600, AccessToken: 3600, Interaction: 600,
         Session: 3600, Grant: 3600 },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/jwks' && modes.rotated) {
    ctx.body = { keys: [...ctx.body.keys, modes.rotated.published] };
  }
  if (ctx.path === '/token' && (modes.audience || modes.rotated) && ctx.body?.id_token) {
    const claims = decodeJwt(ctx.body.id_token);
    const key = modes.rotated ? modes.rotated : { privateKey, published: signingKey };
    const changed = modes.audience ? { aud: modes.audience, azp: undefined } : {};
    ctx.body.id_token = await new SignJWT({ ...claims, ...changed })
      .setProtectedHeader({ alg: 'RS256', kid: key.published.kid }).sign(key.privateKey);
  }
});

const page = (uid) => `<!doctype html><html><head><title>Test provider</title></head><body>
<h1>Test identity provider</h1><form method="post" action="/interaction/${uid}/login">
<label for="login">User</label> <input id="login" name="login" autofocus>
<button type="submit" id="provider-sign-in">Sign in</button></form></body></html>`;

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

async function interaction(req, res, path) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST' && path.endsWith('/login')) {
    const login = new URLSearchParams(await body(req)).get('login');
    if (!accounts[login]) { res.writeHead(400); res.end('unknown user'); return; }
    await provider.interactionFinished(req, res, { login: { accountId: login } },
                                       { mergeWithLastSubmission: false });
  } else if (details.prompt.name === 'login') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(details.uid));
  } else {
    const grant = new provider.Grant({ accountId: details.session.accountId,
                                       clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } },
                                       { mergeWithLastSubmission: true });
  }
}

async function control(req, res, path) {
  const given = JSON.parse(await body(req) || '{}');
  if (path === '/test/groups') accounts[given.sub].groups = given.groups;
  if (path === '/test/audience') modes.audience = given.audience;
  if (path === '/test/rotate') modes.rotated = await rotate();
  if (path === '/test/reset') {
    Object.assign(accounts, structuredClone(config.accounts));
    modes.audience = null;
    modes.rotated = null;
  }
  res.writeHead(204);
  res.end();
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  const handler = path.startsWith('/interaction/') ? interaction
    : path.startsWith('/test/') ? control : null;
  if (!handler) { callback(req, res); return; }
  handler(req, res, path).catch((error) => {
    res.writeHead(500); res.end(String(error)); });
});
console.log(`listening ${issuer}`);
