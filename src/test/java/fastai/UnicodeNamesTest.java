package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Non-ASCII file and class names with LANG unset: a JVM started by ./fastai (which sets a UTF-8
 * locale when there is none) reads them; a plain JVM under the POSIX locale cannot.
 */
class UnicodeNamesTest {
    @TempDir Path tmp;

    /** The child: opens the folder, prints classes, files and the first image's mean pixel. */
    public static void main(String[] args) {
        Batches b = Utils.getBatches(args[0], Utils.opts().size(8).channels(1).batchSize(8).shuffle(false));
        DataSet ds = b.next();
        System.out.println("classes " + b.classes());
        System.out.println("files " + b.files());
        System.out.println("mean " + Math.round(ds.getFeatures().meanNumber().doubleValue()));
    }

    private Path folder() {
        // the test JVM itself must be able to write the names (./fastai and CI run it under a UTF-8 locale)
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the test JVM runs under a non-UTF-8 locale");
        Path root = tmp.resolve("train");
        Fixtures.png(root.resolve("chats/chat_été.png"), 8, 8, 90, 90, 90);
        Fixtures.png(root.resolve("chiens_ü/hund_größe.png"), 8, 8, 30, 30, 30);
        return root;
    }

    /** The lines of ./fastai between "# utf8-locale" and the next blank-free command, as the script runs them. */
    private static String fastaiLocaleLines() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("fastai"), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# utf8-locale")) {
                int j = i;
                while (lines.get(j).startsWith("#")) j++;
                return lines.get(j);
            }
        }
        throw new AssertionError("./fastai has no '# utf8-locale' block");
    }

    private static String run(String prefix, Path root) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = prefix + " exec \"$0\" -Djava.awt.headless=true -cp \"$1\" fastai.UnicodeNamesTest \"$2\"";
        List<String> argv = new ArrayList<>(List.of("env", "-u", "LANG", "-u", "LC_ALL", "-u", "LC_CTYPE", "-u", "LANGUAGE",
                "bash", "-c", cmd, java, System.getProperty("java.class.path"), root.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }

    @Test void fastaiSetsAUtf8LocaleSoNonAsciiNamesAreRead() throws Exception {
        Path root = folder();
        String out = run(fastaiLocaleLines() + ";", root);
        assertTrue(out.contains("classes [chats, chiens_ü]"), out);
        assertTrue(out.contains("files [chats/chat_été.png, chiens_ü/hund_größe.png]"), out);
        assertTrue(out.contains("mean 60"), out);   // (90 + 30) / 2: both images were really read
    }

    @Test void withoutItThePosixLocaleCannotReadThem() throws Exception {
        String out = run("", folder());
        assertFalse(out.contains("mean 60"), out);
        assertTrue(out.contains("cannot read image") && out.contains("?"), "the file is not found, its name garbled: " + out);
    }
}
