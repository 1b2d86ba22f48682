package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A maker killed with SIGKILL halfway leaves no folder under the final name; the next run cleans up. */
class KilledRunTest {
    @TempDir Path tmp;

    /** The child process: starts making a folder, says so, then hangs until killed. */
    public static void main(String[] args) {
        AtomicFolder.make(Path.of(args[0]), "slow", dir -> {
            Files.writeString(dir.resolve("half.txt"), "half");
            System.out.println("halfway");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test void aKilledRunLeavesNoHalfMadeFolder() throws Exception {
        Path target = tmp.resolve("slowdata");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledRunTest.class.getName(), target.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("halfway")) { /* wait */ }
            assertEquals("halfway", line, "the child got halfway");
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(target), "no folder under the final name");
        assertEquals(1, AtomicFolderTest.leftovers(tmp, "slowdata"), "the killed run's temp folder is left");

        assertTrue(AtomicFolder.make(target, "slow", dir -> Files.writeString(dir.resolve("whole.txt"), "whole")));
        assertEquals(0, AtomicFolderTest.leftovers(tmp, "slowdata"), "the next run removed it");
        assertTrue(Files.exists(target.resolve("whole.txt")));
        assertFalse(Files.exists(target.resolve("half.txt")));
    }
}
