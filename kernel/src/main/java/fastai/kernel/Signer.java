package fastai.kernel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of Jupyter messages: the hex digest over header, parent header, metadata and
 * content. An empty key means messages are not signed (signature "").
 */
final class Signer {
    private final SecretKeySpec key;
    private final String algorithm;
    private final ThreadLocal<Mac> macs;

    Signer(String scheme, String key) {
        if (!scheme.startsWith("hmac-")) throw new IllegalArgumentException("unsupported signature scheme " + scheme);
        this.algorithm = "Hmac" + scheme.substring(5).replace("-", "").toUpperCase();
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        this.macs = ThreadLocal.withInitial(this::newMac);
        if (this.key != null) newMac(); // fail now on an unknown algorithm, not in a loop later
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            if (key != null) mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + algorithm, e);
        }
    }

    String sign(byte[]... parts) {
        if (key == null) return "";
        Mac mac = macs.get();
        mac.reset();
        for (byte[] p : parts) mac.update(p);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Constant-time comparison of the expected signature with the one received. */
    boolean verify(String signature, byte[]... parts) {
        if (key == null) return true;
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
