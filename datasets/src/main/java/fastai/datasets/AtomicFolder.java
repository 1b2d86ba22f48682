package fastai.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import fastai.io.DataException;
import java.nio.file.DirectoryNotEmptyException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a data folder at most once, all or nothing.
 *
 * <ul>
 *   <li><b>Idempotent:</b> a finished folder holds the marker file {@value #MARKER}, written last;
 *       when it is there, {@link #make} prints that the folder is already there and does nothing.</li>
 *   <li><b>Atomic:</b> the folder is built in a temporary sibling {@code <name>.tmp-<pid>} and renamed
 *       into place at the very end, so a run that is killed or fails leaves no half-made folder under
 *       the final name. A failed run deletes its temporary folder; a killed one leaves it behind and
 *       the next run deletes it (a temporary folder whose process is no longer alive is stale; the
 *       folder records its maker's start time, so a process id reused since does not keep it).</li>
 * </ul>
 *
 * The same rules for a single file: {@link #writeFile}.
 */
public final class AtomicFolder {
    /** Written last into a finished folder. */
    public static final String MARKER = ".complete";
    /** In a temporary folder: when the process making it started, so a reused process id is not taken for it. */
    static final String OWNER = ".owner";

    private static volatile boolean stopping;

    private AtomicFolder() { }

    /** True once the program is being stopped (Ctrl-C, SIGTERM) while a folder was being made. */
    public static boolean stopping() { return stopping; }

    /** Builds the content of a folder inside {@code tmp}, which exists and is empty. */
    @FunctionalInterface
    public interface Builder {
        void build(Path tmp) throws IOException;
    }

    /** True when {@code folder} was finished by {@link #make}. */
    public static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(MARKER));
    }

    /**
     * Makes {@code target} with {@code builder} unless it is already complete.
     *
     * @return true when this call made it, false when it was already there
     * @throws DataException when the builder fails (the message names what failed) or when
     *     {@code target} exists but was not made here (no marker): it is left alone
     */
    public static boolean make(Path target, String what, Builder builder) {
        Path t = target.toAbsolutePath().normalize();
        // One maker per target within this JVM (the temp folder's name holds only the process id).
        synchronized (LOCKS.computeIfAbsent(t, k -> new Object())) {
            return makeLocked(t, what, builder);
        }
    }

    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private static boolean makeLocked(Path target, String what, Builder builder) {
        if (isComplete(target)) {
            Progress.out().println(what + ": already there, " + target);
            try {
                cleanStale(target.getParent(), target.getFileName().toString());
            } catch (IOException e) {
                Progress.out().println(what + ": note: could not remove leftovers next to " + target + ": " + e.getMessage());
            }
            return false;
        }
        if (Files.exists(target)) {
            throw new DataException(what + ": " + target + " exists but is incomplete or was not made by this tool"
                    + " (no " + MARKER + " marker): delete it and run again");
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            cleanStale(parent, target.getFileName().toString());
        } catch (IOException e) {
            throw new DataException(what + ": cannot prepare " + parent + ": " + e, e);
        }
        Path tmp = tempSibling(target);
        Thread cleanup = deleteOnStop(tmp);
        try {
            Runtime.getRuntime().addShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            throw new DataException(what + ": not started, the program is being stopped");
        }
        try {
            Fs.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(OWNER), startOf(ProcessHandle.current()) + "\n", StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            builder.build(tmp);
            Files.deleteIfExists(tmp.resolve(OWNER));
            Files.writeString(tmp.resolve(MARKER), "made by fastai.datasets at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                if (isComplete(target)) {
                    Progress.out().println(what + ": made meanwhile by another process, " + target);
                    return false;
                }
                throw raced;
            } catch (AtomicMoveNotSupportedException e) {
                throw new DataException(what + ": cannot rename " + tmp + " to " + target + " atomically: " + e.getMessage(), e);
            }
            Progress.out().printf("%s: made %s in %.1f s%n", what, target, (System.nanoTime() - t0) / 1e9);
            return true;
        } catch (IOException | RuntimeException e) {
            if (stopping) throw new DataException(what + ": stopped; nothing was kept, run again to make " + target, e);
            if (e instanceof DataException d) throw d;
            throw new DataException(what + ": making " + target + " failed: " + e, e);
        } finally {
            try { Fs.deleteRecursively(tmp); } catch (IOException ignored) { }
            try { Runtime.getRuntime().removeShutdownHook(cleanup); } catch (IllegalStateException ignored) { }
        }
    }

    /**
     * On Ctrl-C or SIGTERM: move the temp folder aside first (writer threads still running then
     * fail instead of adding files to it), then delete it. A SIGKILL leaves the temp folder behind,
     * and the next run removes it (cleanStale).
     */
    private static Thread deleteOnStop(Path tmp) {
        return new Thread(() -> {
            stopping = true;
            Path trash = tmp.resolveSibling(tmp.getFileName() + "-deleting");
            try {
                Files.move(tmp, trash, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                trash = tmp;
            }
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    Fs.deleteRecursively(trash);
                    Fs.deleteRecursively(tmp);
                    return;
                } catch (IOException | RuntimeException retry) {
                    try { Thread.sleep(20); } catch (InterruptedException e) { return; }
                }
            }
        }, "delete " + tmp);
    }

    /** Writes {@code content} to {@code target} through a temporary sibling and an atomic rename. */
    public static void writeFile(Path target, byte[] content) {
        if (stopping) throw new DataException("not writing " + target + ": the program is being stopped");
        target = target.toAbsolutePath().normalize();
        Path tmp = tempSibling(target);
        try {
            Files.createDirectories(target.getParent());
            cleanStale(target.getParent(), target.getFileName().toString());
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DataException("cannot write " + target + ": " + e, e);
        } finally {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
        }
    }

    static Path tempSibling(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    /** When a process started, as text ("?" when the system does not say). */
    static String startOf(ProcessHandle h) {
        return h.info().startInstant().map(Object::toString).orElse("?");
    }

    /**
     * True unless the temporary folder records a start time that is not {@code h}'s: then its
     * maker died and the process id was given to another process since.
     */
    private static boolean sameProcess(ProcessHandle h, Path tmp) {
        Path owner = tmp.resolve(OWNER);
        try {
            if (!Files.isRegularFile(owner)) return true;
            String recorded = Files.readString(owner, StandardCharsets.UTF_8).strip();
            return recorded.equals("?") || recorded.equals(startOf(h));
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Deletes {@code <name>.tmp-<pid>} siblings left by runs that are no longer alive (killed runs).
     * A temporary folder of a live process is another run making the same thing: left alone.
     */
    static void cleanStale(Path parent, String name) throws IOException {
        Pattern p = Pattern.compile(Pattern.quote(name) + "\\.tmp-(\\d+)(-deleting)?");
        long me = ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
            for (Path q : ds) {
                Matcher m = p.matcher(q.getFileName().toString());
                if (!m.matches()) continue;
                long pid;
                try { pid = Long.parseLong(m.group(1)); } catch (NumberFormatException e) { pid = -1; }
                boolean alive = pid != me && pid > 0 && ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .map(h -> sameProcess(h, q)).orElse(false);
                if (alive) {
                    Progress.out().println("note: " + q + " belongs to a running process (pid " + pid + "), left alone");
                } else if (pid != me || m.group(2) != null) {
                    Progress.out().println("removing " + q + " left by an interrupted run");
                    Fs.deleteRecursively(q);
                }
            }
        }
    }
}
