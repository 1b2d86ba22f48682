package fastai.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import fastai.Batches;
import java.io.BufferedInputStream;

/**
 * Finds image files that would be read wrongly or not at all, before any training starts.
 *
 * <ul>
 *   <li>{@link #quick}: what a file's first and last bytes say, no decoding (about 20 µs a file
 *       when cached): empty files, HTML or text saved under an image name, unknown formats, and
 *       truncated files (a JPEG without its end-of-image marker, a PNG without its IEND chunk, a GIF
 *       without its trailer, a BMP or WebP shorter than its header says); GIFs, rare and decoded
 *       by ImageIO, are decoded in full. Truncated JPEGs are the
 *       ones that matter most: OpenCV decodes them without a word, the missing part grey.</li>
 *   <li>{@link #full}: the quick check, then a full decode with the decoder's warnings (corrupt
 *       JPEG data, for one): for one-time work such as organizing a download.</li>
 * </ul>
 *
 * {@code java fastai.io.ImageCheck FOLDER [--full]} checks a folder (recursively) from the command line.
 */
public final class ImageCheck {
    private ImageCheck() { }

    /** A file that cannot be used, and why. */
    public record Problem(Path file, String what) {
        @Override public String toString() { return file + ": " + what; }
    }

    private static final int HEAD = 64;
    private static final int TAIL = 16;
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** Why {@code file} is not a usable image, judged from its header, size and end; null when it looks fine. */
    public static String quick(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) return "empty file (0 bytes)";
            byte[] head = read(ch, 0, (int) Math.min(HEAD, size));
            byte[] tail = read(ch, Math.max(0, size - TAIL), (int) Math.min(TAIL, size));
            return judge(file, head, tail, size);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    /** The quick check, then a full decode; decoder warnings (truncated or corrupt data) count as problems. */
    public static String full(Path file) {
        String q = quick(file);
        if (q != null) return q;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (isJpeg(head)) return decodeJpeg(file);
        try {
            new ImageDecoder(3).asMatrix(file.toFile());
            return null;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            String prefix = "cannot read image " + file.toAbsolutePath() + ": ";
            return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        }
    }

    /** The {@link #quick} check of many files (in parallel), problems in the order of {@code files}. */
    public static List<Problem> quick(List<Path> files) {
        String[] why = new String[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> why[i] = quick(files.get(i)));
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < why.length; i++) if (why[i] != null) out.add(new Problem(files.get(i), why[i]));
        return out;
    }

    /** One message listing every problem (up to 100, then a count), names relative to {@code root}, with what to do. */
    public static String message(Path root, List<Problem> problems, int total, String remedy) {
        return message("in " + root, root, problems, total, remedy);
    }

    /** The same with {@code where} ("in FOLDER", "of the download") and full names unless under {@code root} (may be null). */
    public static String message(String where, Path root, List<Problem> problems, int total, String remedy) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(" of ").append(total).append(" images ").append(where)
                .append(" cannot be used (").append(remedy).append("):");
        int shown = 0;
        for (Problem p : problems) {
            if (shown++ == 100) {
                sb.append("\n  … and ").append(problems.size() - 100).append(" more");
                break;
            }
            String name = root != null && p.file().startsWith(root) ? root.relativize(p.file()).toString() : p.file().toString();
            sb.append("\n  ").append(name).append(": ").append(p.what());
        }
        return sb.toString();
    }

    // ---- formats -------------------------------------------------------------------------------

    static boolean isJpeg(byte[] b) { return b.length >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF; }
    static boolean isPng(byte[] b) { return startsWith(b, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}); }
    static boolean isGif(byte[] b) { return startsWith(b, "GIF87a".getBytes(StandardCharsets.US_ASCII)) || startsWith(b, "GIF89a".getBytes(StandardCharsets.US_ASCII)); }

    private static String judge(Path file, byte[] head, byte[] tail, long size) throws IOException {
        if (isJpeg(head)) {
            if (endsWith(tail, 0xFF, 0xD9)) return null;
            long eoi = jpegEnd(file);   // trailing bytes after the image, or a cut-off file?
            return eoi > 0 ? null : "truncated JPEG: no end-of-image marker (" + size + " bytes; an interrupted download?)";
        }
        if (isPng(head)) {
            if (head.length < 33 || !"IHDR".equals(new String(head, 12, 4, StandardCharsets.US_ASCII))) {
                return "broken PNG: no IHDR header (" + size + " bytes)";
            }
            long w = be32(head, 16), h = be32(head, 20);
            if (w == 0 || h == 0) return "broken PNG: its header says " + w + "x" + h + " pixels";
            if (endsWithBytes(tail, PNG_END)) return null;
            return pngHasEnd(file) ? null : "truncated PNG: no IEND chunk at the end (" + size + " bytes; an interrupted download?)";
        }
        if (isGif(head)) {
            boolean trailer = false;
            for (int i = tail.length - 1; i >= 0 && !trailer; i--) {
                if (tail[i] == 0x3B) trailer = true;     // the trailer, possibly followed by padding
                else if (tail[i] != 0) break;
            }
            if (!trailer) return "truncated GIF: no trailer byte at the end (" + size + " bytes)";
            // GIFs are rare in image data sets and decoded by ImageIO here, not OpenCV: decoded in full
            try {
                ImageDecoder.decodable(file.toFile());
                return null;
            } catch (IOException | RuntimeException e) {
                return "GIF that does not decode (" + (e.getMessage() == null ? e.toString() : e.getMessage()) + ")";
            }
        }
        if (head.length >= 6 && head[0] == 'B' && head[1] == 'M') {
            long declared = le32(head, 2);
            return declared > size ? "truncated BMP: " + size + " bytes, its header says " + declared : null;
        }
        if (head.length >= 12 && startsWith(head, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && "WEBP".equals(new String(head, 8, 4, StandardCharsets.US_ASCII))) {
            long declared = le32(head, 4) + 8;
            return declared > size ? "truncated WebP: " + size + " bytes, its header says " + declared : null;
        }
        if (isTiff(head) || isOtherKnown(head)) return null;
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<head") || text.startsWith("<?xml")
                || text.startsWith("<svg") || text.startsWith("<")) {
            return "an HTML/XML page, not an image (a download that returned a web page?)";
        }
        if (text.startsWith("{") || text.startsWith("[")) return "JSON text, not an image (a download that returned an error?)";
        return "not an image in a format DataVec reads (starts with " + hex(head, 8) + ")";
    }

    private static boolean isTiff(byte[] b) {
        return b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
    }

    /** JPEG 2000, PNM/PGM/PPM, OpenEXR: accepted on their magic numbers alone. */
    private static boolean isOtherKnown(byte[] b) {
        if (b.length >= 12 && u(b, 0) == 0 && u(b, 1) == 0 && u(b, 2) == 0 && u(b, 3) == 0x0C && b[4] == 'j' && b[5] == 'P') return true;
        if (b.length >= 4 && u(b, 0) == 0xFF && u(b, 1) == 0x4F && u(b, 2) == 0xFF && u(b, 3) == 0x51) return true;
        if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return true;
        return b.length >= 4 && u(b, 0) == 0x76 && u(b, 1) == 0x2F && u(b, 2) == 0x31 && u(b, 3) == 0x01;
    }

    /**
     * Walks a JPEG's segments to its end-of-image marker: the position after it, or -1 when the
     * file ends first. Inside entropy-coded data a 0xFF is followed by 0x00 (stuffing), a restart
     * marker or the next marker, so the walk cannot be fooled by the image data.
     */
    static long jpegEnd(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long pos = 2;
            in.skipNBytes(2);
            boolean inScan = false;
            while (true) {
                int b = in.read();
                pos++;
                if (b < 0) return -1;
                if (b != 0xFF) {
                    if (inScan) continue;
                    return -1;   // garbage between segments
                }
                int m;
                do { m = in.read(); pos++; } while (m == 0xFF);
                if (m < 0) return -1;
                if (m == 0x00 || (m >= 0xD0 && m <= 0xD7)) continue;     // stuffed byte, restart marker
                if (m == 0xD9) return pos;
                if (m == 0x01) continue;
                int hi = in.read(), lo = in.read();
                if (hi < 0 || lo < 0) return -1;
                int len = (hi << 8) | lo;
                if (len < 2) return -1;
                try {
                    in.skipNBytes(len - 2);
                } catch (EOFException e) {
                    return -1;
                }
                pos += len;
                inScan = m == 0xDA;
            }
        }
    }

    /** Walks a PNG's chunks: true when an IEND chunk is complete (trailing bytes after it are allowed). */
    static boolean pngHasEnd(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size(), pos = 8;
            while (pos + 12 <= size) {
                byte[] h = read(ch, pos, 8);
                long len = be32(h, 0);
                String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
                if (pos + 12 + len > size) return false;
                if (type.equals("IEND")) return true;
                pos += 12 + len;
            }
            return false;
        }
    }

    /** A full JPEG decode by the JDK's reader, whose libjpeg warnings say what a decoder fills in. */
    private static String decodeJpeg(Path file) {
        ImageReader reader = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio")) reader = r; else r.dispose();
        }
        if (reader == null) return null;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
            reader.readRaster(0, null);    // a raster: CMYK JPEGs too, no colour conversion needed
        } catch (IOException | RuntimeException e) {
            return "JPEG that does not decode: " + e.getMessage();
        } finally {
            reader.dispose();
        }
        return warnings.isEmpty() ? null : "JPEG decodes with warnings: " + String.join("; ", warnings);
    }

    // ---- bytes ----------------------------------------------------------------------------------

    private static byte[] read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) break;
        }
        byte[] out = new byte[buf.position()];
        buf.flip();
        buf.get(out);
        return out;
    }

    private static int u(byte[] b, int i) { return b[i] & 0xFF; }

    private static long be32(byte[] b, int i) {
        return ((long) u(b, i) << 24) | (u(b, i + 1) << 16) | (u(b, i + 2) << 8) | u(b, i + 3);
    }

    private static long le32(byte[] b, int i) {
        return ((long) u(b, i + 3) << 24) | (u(b, i + 2) << 16) | (u(b, i + 1) << 8) | u(b, i);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[i] != prefix[i]) return false;
        return true;
    }

    private static boolean endsWith(byte[] b, int x, int y) { return b.length >= 2 && u(b, b.length - 2) == x && u(b, b.length - 1) == y; }

    private static boolean endsWithBytes(byte[] b, byte[] suffix) {
        if (b.length < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) if (b[b.length - suffix.length + i] != suffix[i]) return false;
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) sb.append(i == 0 ? "" : " ").append(String.format("%02X", b[i]));
        return sb.toString();
    }

    /** {@code ImageCheck FOLDER [--full]}: lists every image under FOLDER that cannot be used. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: java fastai.io.ImageCheck FOLDER [--full]");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        boolean full = args.length > 1 && args[1].equals("--full");
        if (!Files.isDirectory(root)) {
            System.err.println("error: not a folder: " + root);
            System.exit(2);
        }
        List<Path> files = Batches.listImages(root, true);
        long t0 = System.nanoTime();
        List<Problem> problems;
        if (full) {
            problems = new ArrayList<>();
            for (Path f : files) {
                String why = full(f);
                if (why != null) problems.add(new Problem(f, why));
            }
        } else {
            problems = quick(files);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (problems.isEmpty()) {
            System.out.printf(Locale.ROOT, "%d images in %s: all fine (%s check, %.2f s)%n", files.size(), root, full ? "full" : "quick", secs);
        } else {
            System.out.println(message(root, problems, files.size(), "fix or delete them"));
            System.exit(1);
        }
    }
}
