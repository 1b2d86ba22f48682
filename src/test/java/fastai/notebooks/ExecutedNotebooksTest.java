package fastai.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The notebooks are committed with the outputs of a full-mode run ({@code ./fastai execute}). This keeps them
 * honest: every committed notebook must carry its run record, every code cell executed, no error output, and a
 * code hash equal to its current code cells (kernel/notebook_record.py --check), so a notebook whose code changed
 * without a new full-mode run cannot land. The second test proves the check on a real run through our kernel.
 */
@Tag("notebooks")
class ExecutedNotebooksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Gson GSON = new Gson();

    @BeforeAll
    static void kernel() throws Exception {
        NotebooksTest.installThisCheckoutsKernel();
    }

    @Test
    void everyCommittedNotebookMatchesItsFullModeRun() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ROOT.resolve("kernel/notebook_record.py").toString(), "--check"));
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            s.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        Result r = run(cmd, null);
        if (r.status != 0) fail("committed notebooks that do not match a full-mode run of their code:\n" + r.output);
    }

    @Test
    void theReadmeFiguresAreTheRecordedOnes() throws Exception {
        Result r = run(List.of("/usr/bin/python3", ROOT.resolve("kernel/notebook_record.py").toString(), "--readme", ROOT.resolve("README.md").toString(), "--check"), null);
        if (r.status != 0) fail(r.output);
    }

    @Test
    void aRecordedRunGoesStaleWhenItsCodeChanges(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("record-fixture.ipynb");
        Files.writeString(nb, notebook("int x = 2;", "x * 21"), StandardCharsets.UTF_8);
        Result run = run(List.of("/usr/bin/python3", ROOT.resolve("kernel/run_notebook.py").toString(), nb.toString(), nb.toString(), "--record", "--timeout", "120"), "0");
        assertEquals(0, run.status, "executing the fixture failed:\n" + run.output);

        JsonObject executed = GSON.fromJson(Files.readString(nb), JsonObject.class);
        JsonObject record = executed.getAsJsonObject("metadata").getAsJsonObject("fastai");
        assertEquals("full", record.get("mode").getAsString());
        assertTrue(record.get("commit").getAsString().matches("[0-9a-f]{40}.*"), "commit: " + record.get("commit"));
        assertTrue(record.getAsJsonObject("machine").get("cores").getAsInt() >= 1);
        JsonArray cells = executed.getAsJsonArray("cells");
        String result = cells.get(1).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject()
                .getAsJsonObject("data").get("text/plain").getAsString();
        assertEquals("42", result.trim(), "the recorded output is the real result of the cell");
        assertTrue(cells.get(1).getAsJsonObject().getAsJsonObject("metadata").getAsJsonObject("fastai").get("wall_s").getAsDouble() >= 0);
        assertEquals(0, check(nb).status, "a notebook just executed matches its run:\n" + check(nb).output);

        // Edit a code cell after the run: its outputs no longer come from its code.
        cells.get(1).getAsJsonObject().addProperty("source", "x * 22");
        Files.writeString(nb, GSON.toJson(executed), StandardCharsets.UTF_8);
        Result stale = check(nb);
        assertEquals(1, stale.status);
        assertTrue(stale.output.contains("record-fixture.ipynb: its code cells changed after the recorded run"), stale.output);

        // A notebook never executed, or executed in quick mode, is refused too.
        Path bare = dir.resolve("bare.ipynb");
        Files.writeString(bare, notebook("1 + 1"), StandardCharsets.UTF_8);
        assertTrue(check(bare).output.contains("bare.ipynb: no run recorded"), check(bare).output);

        // Listed as owed in pending-full-runs.txt, an unexecuted notebook passes; with outputs but no record it does not.
        Files.writeString(dir.resolve("pending-full-runs.txt"), "bare\tits run is owed\n", StandardCharsets.UTF_8);
        assertEquals(0, check(bare).status, check(bare).output);
        JsonObject withOutput = GSON.fromJson(Files.readString(bare), JsonObject.class);
        withOutput.getAsJsonArray("cells").get(0).getAsJsonObject().addProperty("execution_count", 1);
        Files.writeString(bare, GSON.toJson(withOutput), StandardCharsets.UTF_8);
        assertTrue(check(bare).output.contains("bare.ipynb: listed as pending but holds outputs without a run record"), check(bare).output);
    }

    private static Result check(Path nb) throws Exception {
        return run(List.of("/usr/bin/python3", ROOT.resolve("kernel/notebook_record.py").toString(), "--check", nb.toString()), null);
    }

    private static String notebook(String... codeCells) {
        JsonArray cells = new JsonArray();
        for (String src : codeCells) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", "code");
            c.add("execution_count", null);
            c.add("metadata", new JsonObject());
            c.add("outputs", new JsonArray());
            c.addProperty("source", src);
            cells.add(c);
        }
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "fastai-java");
        kernelspec.addProperty("display_name", "Java (fastai)");
        kernelspec.addProperty("language", "java");
        JsonObject meta = new JsonObject();
        meta.add("kernelspec", kernelspec);
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return new Gson().toJson(nb);
    }

    private record Result(int status, String output) { }

    private static Result run(List<String> cmd, String quick) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        NotebooksTest.isolate(pb.environment());
        if (quick != null) pb.environment().put("FASTAI_QUICK", quick);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", cmd) + "\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
