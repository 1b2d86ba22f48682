package fastai.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebooks/*.ipynb headlessly through our Jupyter kernel (kernel/run_notebook.py
 * on Debian's nbclient). A new notebook is picked up with no change here. A cell error or
 * time-out fails the notebook's test with the notebook, the cell and the error; the executed
 * copies are kept in target/executed-notebooks/. Quick mode comes from FASTAI_QUICK, which
 * ./fastai test and CI set.
 */
@Tag("notebooks")
class NotebooksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/executed-notebooks");
    /** Per notebook; quick mode aims at 2 minutes, this only stops a hang. */
    private static final long NOTEBOOK_LIMIT_MINUTES = 15;

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        if (notebooks.isEmpty()) fail("no notebooks found in " + ROOT.resolve("notebooks"));
        Files.createDirectories(OUT);
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb)));
    }

    private static void execute(Path notebook) throws Exception {
        Path executed = OUT.resolve(notebook.getFileName());
        Path log = OUT.resolve(notebook.getFileName() + ".log");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ROOT.resolve("kernel/run_notebook.py").toString(),
                notebook.toString(), executed.toString(), "--timeout", "600"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putIfAbsent("FASTAI_RESULTS", ROOT.resolve("target/notebook-results").toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(NOTEBOOK_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(notebook.getFileName() + " did not finish in " + NOTEBOOK_LIMIT_MINUTES + " minutes; log: " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("%s: %.1f s%n", notebook.getFileName(), (System.nanoTime() - t0) / 1e9);
        if (p.exitValue() != 0) {
            String failed = output.lines().filter(l -> l.startsWith("FAILED") || l.startsWith("run_notebook:"))
                    .reduce((a, b) -> a + "\n" + b).orElse("exit status " + p.exitValue());
            fail(failed + "\n--- last lines of " + log + " ---\n" + tail(output, 40));
        }
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
