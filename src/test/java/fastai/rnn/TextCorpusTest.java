package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @TempDir Path tmp;

    @Test
    void missingTextNamesTheFileAndTheCommand() {
        String old = System.getProperty("fastai.data");
        System.setProperty("fastai.data", tmp.toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TextCorpus.load("moby-dick"));
            String msg = e.getMessage();
            assertTrue(msg.contains(tmp.resolve("text").resolve("moby-dick.txt").toString()), msg);
            assertTrue(msg.contains("bash datasets/text/fetch-text.sh moby-dick"), msg);
            assertEquals(1, msg.lines().count());
        } finally {
            restore(old);
        }
    }

    @Test
    void readsAnExistingText() throws Exception {
        String old = System.getProperty("fastai.data");
        System.setProperty("fastai.data", tmp.toString());
        try {
            Files.createDirectories(tmp.resolve("text"));
            Files.writeString(tmp.resolve("text/tiny.txt"), "Call me — maybe.\n");
            assertEquals("Call me — maybe.\n", TextCorpus.load("tiny"));
        } finally {
            restore(old);
        }
    }

    private static void restore(String old) {
        if (old == null) System.clearProperty("fastai.data");
        else System.setProperty("fastai.data", old);
    }
}
