package fastai.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drives the real kernel from Python (jupyter_client), as Jupyter does: the kernelspec is
 * installed into a temporary JUPYTER_PATH (so the user's own install does not matter), then
 * Jupyter's conformance suite, the behaviour tests and a start-reliability run execute with
 * /usr/bin/python3. A failing Python test fails the JUnit test with the Python output.
 * Needs Jupyter from Debian (python3-jupyter-client, python3-jupyter-kernel-test); skip these
 * with {@code -Dgroups=fast}.
 */
@Tag("kernel")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelSuitesTest {
    private static final Path PYTHON_DIR = Path.of("src/test/python").toAbsolutePath();
    private Path jupyterPath;

    @BeforeAll
    void installKernelspec() throws Exception {
        jupyterPath = Files.createTempDirectory("fastai-kernel-test");
        Install.main(new String[] {"--dir", jupyterPath.toString()});
        assertTrue(Files.isRegularFile(jupyterPath.resolve("kernels/fastai-java/kernel.json")));
    }

    @Test
    void jupyterConformanceSuitePasses() throws Exception {
        String out = python(900, "-m", "unittest", "-v", "test_kernel_conformance");
        assertTrue(out.contains("Ran 12 tests"), out);
    }

    @Test
    void behaviourInterruptRobustnessRichOutput() throws Exception {
        python(1800, "-m", "unittest", "-v", "test_kernel_behaviour");
    }

    /**
     * 60 starts: a kernel that hung once in 20 starts would be caught with probability
     * 1 - (19/20)^60 = 0.954 (10 starts caught it 40% of the time). The start-time distribution is
     * printed (the SUMMARY line in the test's output); the 200-start measurement is the same script with 200.
     */
    @Test
    void startsEveryTime() throws Exception {
        String n = System.getProperty("fastai.kernel.starts", "60");
        String out = python(1800, "start_reliability.py", n, "--timeout", "30");   // prints the distribution (SUMMARY line)
        assertTrue(out.contains("\"hangs\": 0"), out);
    }

    @Test
    void installIsIdempotent() throws Exception {
        Path spec = jupyterPath.resolve("kernels/fastai-java/kernel.json");
        String before = Files.readString(spec);
        long modified = Files.getLastModifiedTime(spec).toMillis();
        Install.main(new String[] {"--dir", jupyterPath.toString()});
        assertTrue(before.equals(Files.readString(spec)));
        assertTrue(modified == Files.getLastModifiedTime(spec).toMillis(), "kernel.json was rewritten");
    }

    private String python(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) fail("/usr/bin/python3 is missing: install Jupyter from Debian (see README) or run with -Dgroups=fast");
        List<String> cmd = new ArrayList<>();
        cmd.add(python.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PYTHON_DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Path log = Files.createTempFile("kernel-suite", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out); // kept in target/surefire-reports/*-output.txt
        if (!done) fail("python " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s:\n" + out);
        if (p.exitValue() != 0) fail("python " + String.join(" ", args) + " failed (exit " + p.exitValue() + "):\n" + out);
        return out;
    }
}
