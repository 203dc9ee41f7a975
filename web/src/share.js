// Share links carry the scenario in the URL fragment, which never reaches the server:
// `#s=` deflate-compressed UTF-8 in base64url, or `#t=` plain UTF-8 in base64url where
// the browser has no CompressionStream; `#example=NAME` names a course example.

function toBase64url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The fragment (without `#`) that carries `text`. */
export async function encode(text) {
  const bytes = new TextEncoder().encode(text);
  if (typeof CompressionStream === "function") {
    return "s=" + toBase64url(await pipe(bytes, new CompressionStream("deflate-raw")));
  }
  return "t=" + toBase64url(bytes);
}

/** What a fragment holds: `{ source }`, `{ example }`, or null. */
export async function decode(hash) {
  const frag = hash.replace(/^#/, "");
  const eq = frag.indexOf("=");
  if (eq < 0) return null;
  const kind = frag.slice(0, eq);
  const value = frag.slice(eq + 1);
  try {
    if (kind === "example") return { example: decodeURIComponent(value) };
    if (kind === "t") return { source: new TextDecoder().decode(fromBase64url(value)) };
    if (kind === "s" && typeof DecompressionStream === "function") {
      const bytes = await pipe(fromBase64url(value), new DecompressionStream("deflate-raw"));
      return { source: new TextDecoder().decode(bytes) };
    }
  } catch {
    return null;
  }
  return null;
}
