package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;

class AtomicFolderTest {
    @TempDir Path tmp;

    @Test void makesOnceThenSaysItIsThere() {
        Path target = tmp.resolve("made");
        AtomicInteger calls = new AtomicInteger();
        AtomicFolder.Builder b = dir -> {
            calls.incrementAndGet();
            assertTrue(dir.getFileName().toString().startsWith("made.tmp-"), "builds in a temp sibling: " + dir);
            assertEquals(target.getParent(), dir.getParent());
            Files.writeString(dir.resolve("a.txt"), "a");
        };
        assertTrue(AtomicFolder.make(target, "test", b));
        assertTrue(AtomicFolder.isComplete(target));
        assertEquals("a", assertDoesNotThrow(() -> Files.readString(target.resolve("a.txt"))));
        assertFalse(AtomicFolder.make(target, "test", b));
        assertEquals(1, calls.get());
        assertEquals(0, leftovers(tmp, "made"));
    }

    @Test void aFailureMidwayLeavesNeitherTheFolderNorItsTemp() {
        Path target = tmp.resolve("broken");
        DataException e = assertThrows(DataException.class, () -> AtomicFolder.make(target, "test", dir -> {
            Files.writeString(dir.resolve("half.txt"), "half");
            throw new IOException("disk on fire");
        }));
        assertTrue(e.getMessage().contains("disk on fire") && e.getMessage().contains(target.toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(0, leftovers(tmp, "broken"));
    }

    @Test void removesTheTempFolderOfAKilledRun() throws Exception {
        Path stale = tmp.resolve("x.tmp-2147483646"); // no such process (pid_max is far lower)
        Files.createDirectories(stale.resolve("train/cats"));
        Files.writeString(stale.resolve("train/cats/cat.1.jpg"), "partial");
        assertTrue(AtomicFolder.make(tmp.resolve("x"), "test", dir -> Files.writeString(dir.resolve("ok"), "ok")));
        assertFalse(Files.exists(stale));
        assertEquals(0, leftovers(tmp, "x"));
    }

    @Test void leavesAForeignFolderAlone() throws Exception {
        Path target = tmp.resolve("mine");
        Files.createDirectories(target);
        Files.writeString(target.resolve("precious.txt"), "keep");
        DataException e = assertThrows(DataException.class,
                () -> AtomicFolder.make(target, "test", dir -> fail("must not build")));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("delete it"), e.getMessage());
        assertTrue(Files.exists(target.resolve("precious.txt")));
    }

    @Test void writesAFileAtomically() throws Exception {
        Path f = tmp.resolve("sub/list.txt");
        AtomicFolder.writeFile(f, "one\ntwo\n".getBytes());
        assertEquals("one\ntwo\n", Files.readString(f));
        assertEquals(0, leftovers(tmp.resolve("sub"), "list.txt"));
    }

    static long leftovers(Path dir, String name) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + ".tmp-")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test void aLeftoverIsRemovedOnceItsProcessIsGoneEvenWhenTheFolderIsComplete() throws Exception {
        Path target = tmp.resolve("done");
        assertTrue(AtomicFolder.make(target, "test", dir -> Files.writeString(dir.resolve("ok"), "ok")));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long pid = sleeper.pid();
            Path dead = tmp.resolve("done.tmp-2147483646");
            Files.createDirectories(dead);
            Path live = tmp.resolve("done.tmp-" + pid);            // a run still making it: left alone
            Files.createDirectories(live);
            Files.writeString(live.resolve(AtomicFolder.OWNER), AtomicFolder.startOf(sleeper.toHandle()));
            Path reused = tmp.resolve("other.tmp-" + pid);         // its maker died and the pid went to another process
            Files.createDirectories(reused);
            Files.writeString(reused.resolve(AtomicFolder.OWNER), "2001-01-01T00:00:00Z");

            assertFalse(AtomicFolder.make(target, "test", dir -> fail("already there")));
            assertFalse(Files.exists(dead), "a dead run's temp folder is removed");
            assertTrue(Files.exists(live), "a live run's temp folder is left alone");
            assertTrue(AtomicFolder.make(tmp.resolve("other"), "test", dir -> Files.writeString(dir.resolve("ok"), "ok")));
            assertFalse(Files.exists(reused), "a temp folder whose pid now belongs to another process is removed");
            sleeper.destroyForcibly().waitFor();
            assertFalse(AtomicFolder.make(target, "test", dir -> fail("already there")));
            assertFalse(Files.exists(live), "removed once its process is gone");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
