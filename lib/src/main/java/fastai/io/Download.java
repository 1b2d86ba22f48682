package fastai.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import fastai.display.ProgressBar;

/**
 * Fetches a URL to a file, checked against an expected SHA-256. The bytes go to
 * {@code <file>.part}; an interrupted transfer keeps that part and the next call continues it
 * with an HTTP Range request. Only a complete file whose checksum matches is renamed to the
 * target, so a half-written or wrong file never sits where a model loader looks for weights.
 *
 * <pre>{@code Path w = Download.of(url).sha256("ab12…").to(Config.modelsDir().resolve("vgg16.zip")).fetch();}</pre>
 */
public final class Download {
    /** What went wrong, in one line that names the URL (and the file, where there is one). */
    public static final class DownloadException extends RuntimeException {
        DownloadException(String message, Throwable cause) { super(message, cause); }
    }

    private final String url;
    private Path target;
    private String sha256;
    private int retries = 2;
    private boolean quiet;
    private int connectTimeoutMs = 30_000;
    private int readTimeoutMs = 60_000;

    private Download(String url) { this.url = url; }

    public static Download of(String url) { return new Download(url); }

    /** Downloads {@code url} to {@code target} and checks it against {@code sha256} (hex). */
    public static Path fetch(String url, Path target, String sha256) {
        return of(url).to(target).sha256(sha256).fetch();
    }

    public Download to(Path target) { this.target = target; return this; }
    public Download sha256(String hex) { this.sha256 = hex == null ? null : hex.trim().toLowerCase(Locale.ROOT); return this; }
    /** How many times a broken transfer is resumed within one call (default 2; 0 = give up at once). */
    public Download retries(int n) { this.retries = Math.max(0, n); return this; }
    /** No progress bar. */
    public Download quiet(boolean q) { this.quiet = q; return this; }
    public Download timeouts(int connectMs, int readMs) { this.connectTimeoutMs = connectMs; this.readTimeoutMs = readMs; return this; }

    /** The partial file that a broken transfer leaves behind. */
    public static Path partFile(Path target) { return target.resolveSibling(target.getFileName() + ".part"); }

    /** Downloads (or finds already there), verifies and returns the target file. */
    public Path fetch() {
        if (target == null) throw new IllegalArgumentException("no target file given for " + url + " (use .to(path))");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected SHA-256 for " + url + " must be 64 hex digits, got " + sha256);
        }
        Path dest = target.toAbsolutePath();
        if (Files.isRegularFile(dest) && sha256.equals(sha256(dest))) return dest;
        Path part = partFile(dest);
        try {
            Files.createDirectories(dest.getParent());
        } catch (IOException e) {
            throw new DownloadException("cannot create " + dest.getParent() + ": " + e.getMessage(), e);
        }
        ProgressBar bar = new ProgressBar("download " + dest.getFileName(), 0).unit("B").quiet(quiet);
        IOException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                if (transfer(part, bar)) break;
            } catch (IOException e) {
                last = e;
                if (attempt == retries) {
                    long have = size(part);
                    throw new DownloadException("download of " + url + " interrupted after " + have + " bytes ("
                            + e.getMessage() + "); the partial file " + part + " is kept, run again to resume", e);
                }
            }
        }
        String actual = sha256(part);
        if (!sha256.equals(actual)) {
            try { Files.deleteIfExists(part); } catch (IOException ignored) { }
            throw new DownloadException("checksum mismatch for " + url + ": expected SHA-256 " + sha256 + ", got " + actual
                    + "; the downloaded file was removed", last);
        }
        try {
            AtomicFiles.move(part, dest);
        } catch (IOException e) {
            throw new DownloadException("cannot move " + part + " to " + dest + ": " + e.getMessage(), e);
        }
        bar.done("saved " + dest.getFileName());
        return dest;
    }

    /** One request; returns true when the part file is complete. Throws on a broken connection. */
    private boolean transfer(Path part, ProgressBar bar) throws IOException {
        long offset = size(part);
        HttpURLConnection conn = (HttpURLConnection) new URL(url).openConnection();
        conn.setConnectTimeout(connectTimeoutMs);
        conn.setReadTimeout(readTimeoutMs);
        conn.setInstanceFollowRedirects(true);
        if (offset > 0) conn.setRequestProperty("Range", "bytes=" + offset + "-");
        try {
            int code;
            try {
                code = conn.getResponseCode();
            } catch (IOException e) {
                throw new IOException("no response: " + e.getMessage(), e);
            }
            if (code == 416 && offset > 0) return true;          // nothing left to send: the part is complete
            if (code != 200 && code != 206) {
                String msg = conn.getResponseMessage();
                throw new DownloadException("HTTP " + code + (msg != null ? " " + msg : "") + " for " + url, null);
            }
            boolean append = code == 206 && offset > 0;
            if (!append) offset = 0;                            // the server ignored the range: start over
            long length = conn.getContentLengthLong();
            long expectedTotal = length >= 0 ? offset + length : -1;
            if (expectedTotal > 0) bar.total(expectedTotal);
            bar.set(offset, 0);
            long got = 0;
            try (InputStream in = conn.getInputStream();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    got += n;
                    bar.set(offset + got, got);
                }
            }
            if (length >= 0 && got < length) {
                throw new IOException("connection closed after " + (offset + got) + " of " + expectedTotal + " bytes");
            }
            return true;
        } finally {
            conn.disconnect();
        }
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The SHA-256 of a file, as 64 lowercase hex digits. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DownloadException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
