package fastai.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import fastai.Config;

/**
 * Lesson 1 in the Jupyter web page a learner uses: src/test/python/browser_lesson1.py starts
 * Debian's Jupyter Notebook server on a local port with a token, opens a temporary copy of
 * notebooks/lesson1.ipynb in headless Chromium (Selenium), clicks Run All and checks the page for
 * the image grid, the progress bars updated in place, the training chart and the submission
 * table. The screenshot is target/browser/lesson1-browser.png. The kernel is this checkout's,
 * installed into target/jupyter (as {@link NotebooksTest} does). A missing browser or server is
 * a failure that names the Debian package to install ({@code ./fastai setup} installs them).
 */
@Tag("notebooks")
class BrowserLesson1Test {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/browser");
    private static final Path JUPYTER = ROOT.resolve("target/jupyter");

    @Test
    void lesson1RunsAllInTheBrowserAndShowsItsOutputs() throws Exception {
        Files.createDirectories(OUT);
        installThisCheckoutsKernel();
        Path log = OUT.resolve("browser-test.log");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", ROOT.resolve("src/test/python/browser_lesson1.py").toString(),
                ROOT.resolve("notebooks/lesson1.ipynb").toString(), OUT.toString(), "--timeout", "240")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("FASTAI_HOME", ROOT.toString());
        env.put("FASTAI_QUICK", Config.quick() ? "1" : "0");
        env.put("FASTAI_RESULTS", OUT.resolve("results").toString());   // not the user's results/submission.csv
        env.put("JUPYTER_PATH", JUPYTER.toString());
        env.put("PYTHONUNBUFFERED", "1");
        Process p = pb.start();
        boolean done = p.waitFor(6, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);   // kept in target/surefire-reports/*-output.txt
        if (!done) fail("the browser test did not finish in 6 minutes:\n" + out);
        String failure = out.lines().filter(l -> l.startsWith("FAILED")).findFirst().orElse(null);
        if (p.exitValue() != 0) fail((failure != null ? failure : "exit status " + p.exitValue()) + "\n--- " + log + " ---\n" + out);
        assertTrue(out.contains("BROWSER TEST PASSED"), out);
        Path shot = OUT.resolve("lesson1-browser.png");
        assertTrue(Files.size(shot) > 50_000, "screenshot too small to show the notebook: " + shot);
    }

    /** This checkout's kernelspec into target/jupyter, found through JUPYTER_PATH (never the global one). */
    private static void installThisCheckoutsKernel() throws Exception {
        Path classpath = ROOT.resolve("target/classpath.txt");
        if (!Files.isRegularFile(classpath)) fail(classpath + " is missing: the compile phase writes it (mvn compile)");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = ROOT.resolve("target/classes") + File.pathSeparator + Files.readString(classpath).trim();
        Path log = OUT.resolve("kernel-install.log");
        Process p = new ProcessBuilder(javaBin, "-cp", cp, "fastai.kernel.Install", "--dir", JUPYTER.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("installing this checkout's kernel into " + JUPYTER + " failed:\n" + Files.readString(log));
        }
    }
}
