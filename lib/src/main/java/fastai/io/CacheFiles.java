package fastai.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.OutputStream;
import java.util.ArrayList;

/**
 * A file the library writes once and reuses (a pretrained base net, bottleneck features), kept
 * so that a damaged one is never loaded: the content is written to a temporary file and renamed
 * into place, then a record {@code NAME.sha256} with its size and SHA-256 is written, last. A
 * file without its record (a run killed before the end), of another size (truncated) or
 * another checksum (corrupt) fails {@link #problem} and is made again by its owner.
 *
 * <p>The record has {@code sha256sum}'s format ({@code sha256sum -c NAME.sha256} checks it by
 * hand) plus a comment with the size. Temporary files are named after the writing process
 * ({@code .NAME.tmp-PID}); those of processes no longer alive are removed by the next write.
 */
public final class CacheFiles {
    private CacheFiles() { }

    /** The record next to {@code file}. */
    public static Path record(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** Writes {@code target} with {@code writer}, atomically, then its record (last). */
    public static Path write(Path target, AtomicFiles.Writer writer) {
        Path abs = target.toAbsolutePath().normalize();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(abs.getParent());
            removeLeftovers(abs);
            Files.deleteIfExists(tmp);
            // the old record stays until the new one replaces it: new content under the old record fails its checksum
            writer.writeTo(tmp);
            String line = sha256(tmp) + "  " + abs.getFileName() + "\n# " + Files.size(tmp) + " bytes\n";
            AtomicFiles.move(tmp, abs);
            AtomicFiles.write(record(abs), t -> Files.writeString(t, line, StandardCharsets.UTF_8));
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + abs + ": " + e.getMessage(), e);
        } finally {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
        }
    }

    /**
     * Why {@code file} must not be loaded, or null when it is exactly what was written: the
     * record exists, and size and SHA-256 match it.
     */
    public static String problem(Path file) {
        Path abs = file.toAbsolutePath();
        if (!Files.isRegularFile(abs)) return "not found";
        Path rec = record(abs);
        if (!Files.isRegularFile(rec)) return "it has no checksum record " + rec.getFileName() + " (written last, so its writing did not finish)";
        try {
            Matcher m = RECORD.matcher(Files.readString(rec, StandardCharsets.UTF_8));
            if (!m.find()) return "its checksum record " + rec + " is unreadable";
            long size = Files.size(abs), expected = Long.parseLong(m.group(2));
            if (size != expected) {
                return (size < expected ? "truncated: " : "wrong size: ") + size + " bytes, expected " + expected;
            }
            if (!sha256(abs).equals(m.group(1))) return "corrupt: its SHA-256 is not the recorded one";
            return null;
        } catch (IOException | NumberFormatException e) {
            return "cannot be checked: " + e.getMessage();
        }
    }

    /** The size the record says {@code file} has, or -1 when there is no readable record. */
    public static long expectedSize(Path file) {
        try {
            Path rec = record(file.toAbsolutePath());
            if (!Files.isRegularFile(rec)) return -1;
            Matcher m = RECORD.matcher(Files.readString(rec, StandardCharsets.UTF_8));
            return m.find() ? Long.parseLong(m.group(2)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Writes the record of an existing file that was checked another way (a model zip whose every
     * entry passed its CRC), so that caches made before records existed need not be rebuilt.
     */
    public static void adopt(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            String line = sha256(abs) + "  " + abs.getFileName() + "\n# " + Files.size(abs) + " bytes\n";
            AtomicFiles.write(record(abs), t -> Files.writeString(t, line, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the record of " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Removes the record too (before a file is made again). */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(record(file.toAbsolutePath()));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Pattern RECORD = Pattern.compile("^([0-9a-f]{64}) [ *].*\\R# (\\d+) bytes", Pattern.MULTILINE);

    static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Temporary files of {@code target} left by writers that are no longer alive. */
    static List<Path> leftovers(Path target) throws IOException {
        // ".NAME.tmp-PID", and "..NAME.tmp-PID.N.tmp" of an AtomicFiles writer inside the writer
        Pattern p = Pattern.compile("\\.\\.?" + Pattern.quote(target.getFileName().toString()) + "\\.tmp-(\\d+)(\\.\\d+\\.tmp)?");
        long me = ProcessHandle.current().pid();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent())) {
            for (Path q : ds) {
                Matcher m = p.matcher(q.getFileName().toString());
                if (!m.matches()) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid != me && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) out.add(q);
            }
        }
        return out;
    }

    private static void removeLeftovers(Path target) throws IOException {
        for (Path q : leftovers(target)) Files.deleteIfExists(q);
    }
}
