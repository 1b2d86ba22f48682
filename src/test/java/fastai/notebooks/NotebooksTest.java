package fastai.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import fastai.Config;
import fastai.Figures;

/**
 * Executes every notebooks/*.ipynb headlessly through our Jupyter kernel (kernel/run_notebook.py
 * on Debian's nbclient). A new notebook is picked up with no change here. A cell error or
 * time-out fails the notebook's test with the notebook, the cell and the error; the executed
 * copies are kept in target/executed-notebooks/.
 * <ul>
 *   <li>Isolation: the kernel is this checkout's own, installed into target/jupyter and found
 *       through JUPYTER_PATH, never the user's global kernelspec (which points at whichever
 *       checkout last ran the set-up); FASTAI_HOME is this checkout.</li>
 *   <li>Mode: quick unless FASTAI_QUICK says otherwise (the pom sets {@code fastai.quick} for a
 *       plain {@code mvn test}, as {@code ./fastai test} does).</li>
 *   <li>Figures: what a notebook records with {@link Figures#record} is checked against
 *       {@link FigureFloors} (src/test/resources/notebook-figures.tsv); a missing, NaN or
 *       too-low figure fails with the notebook's and the figure's name.</li>
 * </ul>
 */
@Tag("notebooks")
class NotebooksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/executed-notebooks");
    private static final Path JUPYTER = ROOT.resolve("target/jupyter");
    private static final Path RESULTS = ROOT.resolve("target/notebook-results");
    /** Per notebook; quick mode aims at 2 minutes, this only stops a hang. */
    private static final long NOTEBOOK_LIMIT_MINUTES = 15;

    private static boolean installed;

    /** Installs this checkout's kernel into target/jupyter (once per test JVM; ExecutedNotebooksTest uses it too). */
    @BeforeAll
    static synchronized void installThisCheckoutsKernel() throws Exception {
        if (installed) return;
        Path classpath = ROOT.resolve("target/classpath.txt");
        if (!Files.isRegularFile(classpath)) fail(classpath + " is missing: the compile phase writes it (mvn compile)");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = ROOT.resolve("target/classes") + File.pathSeparator + Files.readString(classpath).trim();
        Path log = Files.createDirectories(OUT).resolve("kernel-install.log");
        Process p = new ProcessBuilder(javaBin, "-cp", cp, "fastai.kernel.Install", "--dir", JUPYTER.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("installing this checkout's kernel into " + JUPYTER + " failed:\n" + Files.readString(log));
        }
        installed = true;
    }

    /** The environment for kernel/run_notebook.py: this checkout's kernel, home and results. */
    static void isolate(Map<String, String> env) {
        env.put("FASTAI_RESULTS", RESULTS.toString());
        env.put("FASTAI_HOME", ROOT.toString());
        String path = env.get("JUPYTER_PATH");
        env.put("JUPYTER_PATH", JUPYTER + (path == null || path.isBlank() ? "" : File.pathSeparator + path));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        // -Dnotebooks=mnist,lesson4 runs only those (while working on one); the default is every notebook.
        String only = System.getProperty("notebooks", "");
        if (!only.isBlank()) {
            List<String> names = List.of(only.split(","));
            notebooks = notebooks.stream().filter(p -> names.contains(p.getFileName().toString().replaceFirst("\\.ipynb$", ""))).toList();
            if (notebooks.isEmpty()) fail("-Dnotebooks=" + only + " matches no notebook in " + ROOT.resolve("notebooks"));
        }
        if (notebooks.isEmpty()) fail("no notebooks found in " + ROOT.resolve("notebooks"));
        Files.createDirectories(OUT);
        FigureFloors floors = FigureFloors.load();
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb, floors)));
    }

    private static void execute(Path notebook, FigureFloors floors) throws Exception {
        String stem = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path executed = OUT.resolve(notebook.getFileName());
        Path log = OUT.resolve(notebook.getFileName() + ".log");
        Path figures = RESULTS.resolve("figures").resolve(stem + ".json");
        Files.deleteIfExists(figures);   // only this run's figures count
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ROOT.resolve("kernel/run_notebook.py").toString(),
                notebook.toString(), executed.toString(), "--timeout", "600"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        isolate(env);
        env.put("FASTAI_QUICK", Config.quick() ? "1" : "0");
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
        List<String> problems = floors.check(stem, Config.quick() ? "quick" : "full", Figures.read(figures));
        if (!problems.isEmpty()) fail(String.join("\n", problems) + "\n(figures: " + figures + ", floors: " + FigureFloors.SOURCE + ")");
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
