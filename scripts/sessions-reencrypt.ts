// `npm run sessions:reencrypt`: after a key rotation (README, "Session tokens at rest"),
// rewrites every session row under the current SESSION_ENCRYPTION_KEY, so the retired keys
// in SESSION_ENCRYPTION_PREVIOUS_KEYS can be removed. Also encrypts rows stored in plaintext.
import prisma from "../app/db.server";
import { keyringFromEnv, reencryptSessions } from "../app/security/session-crypto.server";

const ring = keyringFromEnv();
const counts = await reencryptSessions(prisma, ring);
console.log(`sessions under key "${ring.current?.id}": ${counts.rewritten} rewritten, ${counts.current} already current, ${counts.undecryptable} undecryptable`);
await prisma.$disconnect();
process.exit(counts.undecryptable ? 1 : 0);
