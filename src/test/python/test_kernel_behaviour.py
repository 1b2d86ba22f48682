"""Behaviour of the fastai-java kernel as a learner meets it, driven through jupyter_client.

Interrupt (CPU loop and DL4J fit), robustness (50 MB print, StackOverflowError, System.exit,
heap exhaustion), rich output, display updates, errors, stdin, %jars, HMAC, restart, shutdown.
Run:  JUPYTER_PATH=<dir with kernels/fastai-java> /usr/bin/python3 -m unittest -v test_kernel_behaviour
Lines starting with MEASURED report numbers (interrupt latency and the like).
"""
import glob
import os
import re
import shutil
import tempfile
import time
import unittest
from queue import Empty

from kernel_harness import Kernel

INTERRUPT_LIMIT_S = 2.0


def measured(name, value):
    print(f"MEASURED {name} {value}", flush=True)


class SessionBehaviour(unittest.TestCase):
    """One kernel for all these tests; each test uses its own variables."""

    @classmethod
    def setUpClass(cls):
        cls.k = Kernel()

    @classmethod
    def tearDownClass(cls):
        cls.k.shutdown()

    def assertAlive(self):
        self.assertEqual(self.k.ok("21 * 2").result(), "42")

    # --- inspect (Shift-Tab) shows Javadoc ------------------------------------------------------

    def inspect(self, code):
        msg_id = self.k.kc.inspect(code, len(code))
        reply = self.k.reply(msg_id, timeout=60)["content"]
        self.assertEqual(reply["status"], "ok", reply)
        return reply

    def test_inspect_shows_the_course_librarys_javadoc_as_markdown(self):
        reply = self.inspect("Config.quickOr")
        self.assertTrue(reply["found"], reply)
        md = reply["data"]["text/markdown"]
        self.assertIn("```java\nint fastai.Config.quickOr(int quickValue, int fullValue)\n```", md)
        self.assertIn("Picks the quick value in quick mode and the full value otherwise.", md)  # lib/src's doc comment
        self.assertIn("Picks the quick value", reply["data"]["text/plain"])

    def test_inspect_shows_nd4js_javadoc_from_its_sources_jar(self):
        m2 = os.path.expanduser("~/.m2/repository/org/nd4j/nd4j-api/1.0.0-M2.1/nd4j-api-1.0.0-M2.1-sources.jar")
        self.assertTrue(os.path.isfile(m2), f"{m2} is missing: ./fastai setup fetches the sources jars (mvn dependency:sources)")
        reply = self.inspect("Nd4j.zeros")
        md = reply["data"]["text/markdown"]
        self.assertIn("org.nd4j.linalg.factory.Nd4j.zeros(int rows, int columns, char ordering)", md)
        self.assertIn("Create a 2D array initialized with zeros.", md)  # the Javadoc of that overload
        self.assertIn("- `rows` the rows of the ndarray", md)

    # --- interrupt -------------------------------------------------------------------------

    def test_interrupt_cpu_loop(self):
        self.k.ok("long spins = 0; String before = \"kept\";")
        cell, latency = self.k.interrupt_after("while (true) spins++;", 2.0)
        measured("interrupt_cpu_loop_s", f"{latency:.3f}")
        self.assertEqual(cell.status, "error", cell)
        self.assertEqual(cell.error()["ename"], "Interrupted")
        self.assertLess(latency, INTERRUPT_LIMIT_S)
        self.assertEqual(self.k.ok("before").result(), "kept")
        self.assertEqual(self.k.ok("spins > 0").result(), "true")
        self.assertAlive()

    def test_interrupt_sleeping_cell(self):
        cell, latency = self.k.interrupt_after("Thread.sleep(60_000);", 1.0)
        measured("interrupt_sleep_s", f"{latency:.3f}")
        self.assertEqual(cell.error()["ename"], "Interrupted")
        self.assertLess(latency, INTERRUPT_LIMIT_S)
        self.assertAlive()

    def test_interrupt_dl4j_fit(self):
        self.k.ok("""
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
var conf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
    .layer(new DenseLayer.Builder().nIn(64).nOut(128).activation(Activation.RELU).build())
    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
        .activation(Activation.SOFTMAX).build())
    .build();
MultiLayerNetwork net = new MultiLayerNetwork(conf);
net.init();
INDArray labels = Nd4j.zeros(512, 10);
for (int i = 0; i < 512; i++) labels.putScalar(i, i % 10, 1.0);
DataSet data = new DataSet(Nd4j.rand(512, 64), labels);
var batches = new ListDataSetIterator<>(data.asList(), 32);
""", timeout=300)
        cell, latency = self.k.interrupt_after("net.fit(batches, 1_000_000);", 4.0)
        measured("interrupt_dl4j_fit_iterator_s", f"{latency:.3f}")
        self.assertEqual(cell.error()["ename"], "Interrupted", cell)
        self.assertLess(latency, INTERRUPT_LIMIT_S)
        # an explicit loop of fit calls, the other common shape of a training cell
        self.k.ok("int epochs = 0;")
        cell, latency = self.k.interrupt_after("while (true) { net.fit(data); epochs++; }", 3.0)
        measured("interrupt_dl4j_fit_loop_s", f"{latency:.3f}")
        self.assertEqual(cell.error()["ename"], "Interrupted", cell)
        self.assertLess(latency, INTERRUPT_LIMIT_S)
        self.assertEqual(self.k.ok("epochs > 0").result(), "true")
        # the network and ND4J still work: predict, and train one more epoch
        self.assertEqual(self.k.ok("java.util.Arrays.toString(net.output(data.getFeatures()).shape())").result(), "[512, 10]")
        self.k.ok("net.fit(batches, 1);", timeout=120)
        self.assertAlive()

    # --- robustness ------------------------------------------------------------------------

    def test_print_50_mb(self):
        cell = self.k.run('System.out.print("x".repeat(50_000_000)); System.out.println(); System.out.println("after");',
                          timeout=300)
        measured("print_50mb_s", f"{cell.seconds:.2f}")
        measured("print_50mb_stream_messages", len(cell.of_type("stream")))
        self.assertEqual(cell.status, "ok")
        out = cell.stdout()
        self.assertLess(len(out), 2_000_000)
        self.assertIn("not shown", out)
        self.assertLess(len(cell.of_type("stream")), 200)
        self.assertAlive()

    def test_print_many_lines(self):
        cell = self.k.run('for (int i = 0; i < 200_000; i++) System.out.println("line " + i);', timeout=300)
        measured("print_200k_lines_s", f"{cell.seconds:.2f}")
        measured("print_200k_lines_stream_messages", len(cell.of_type("stream")))
        self.assertEqual(cell.status, "ok")
        self.assertTrue(cell.stdout().startswith("line 0\nline 1\n"))
        self.assertLess(len(cell.of_type("stream")), 2000)
        self.assertAlive()

    def test_stack_overflow(self):
        self.k.ok("int deep(int n) { return deep(n + 1) + 1; }\nString stays = \"here\";")
        cell = self.k.run("deep(0)")
        self.assertEqual(cell.status, "error")
        err = cell.error()
        self.assertEqual(err["ename"], "java.lang.StackOverflowError")
        self.assertLess(len(err["traceback"]), 60)
        self.assertTrue(any("deep (cell [" in line for line in err["traceback"]), err["traceback"][:5])
        self.assertEqual(self.k.ok("stays").result(), "here")
        self.assertAlive()

    def test_system_exit_then_fresh_session(self):
        self.k.ok("int lost = 7;")
        cell = self.k.run("System.exit(3);", timeout=60)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error()["ename"], "SessionEnded")
        self.assertIn("earlier variables are lost", cell.error()["evalue"].lower())
        self.assertAlive()
        gone = self.k.run("lost")
        self.assertEqual(gone.error()["ename"], "CompileError")
        self.assertAlive()

    # --- rich output -----------------------------------------------------------------------

    def test_buffered_image_is_png(self):
        cell = self.k.ok("var img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB); img")
        png = cell.result("image/png")
        self.assertTrue(png and png.startswith("iVBORw0KGgo"), cell)
        self.assertIn("20x10", cell.result())

    def test_xchart_is_png(self):
        cell = self.k.ok("""
import org.knowm.xchart.*;
var chart = new XYChartBuilder().width(300).height(200).title("loss").build();
chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
chart""", timeout=120)
        self.assertTrue(cell.result("image/png").startswith("iVBORw0KGgo"))
        self.assertIn("loss", cell.result())

    def test_tablesaw_table_is_html_and_text(self):
        cell = self.k.ok("""
import tech.tablesaw.api.*;
var t = Table.create("pets", StringColumn.create("name", "cat", "dog"), IntColumn.create("legs", 4, 4));
t""", timeout=120)
        html = cell.result("text/html")
        self.assertIn("<table", html)
        self.assertIn("<td>cat</td>", html)
        self.assertIn("legs", cell.result("text/plain"))

    def test_indarray_text_keeps_lines_shape_dtype(self):
        text = self.k.ok("Nd4j.linspace(1, 6, 6).reshape(2, 3)", timeout=120).result()
        self.assertIn("\n", text)
        self.assertIn("shape [2, 3]", text)
        self.assertIn("FLOAT", text)

    def test_void_and_statements_show_nothing(self):
        cell = self.k.ok('int quiet = 3;\nSystem.out.println("printed");')
        self.assertEqual(cell.of_type("execute_result"), [])
        self.assertEqual(cell.stdout(), "printed\n")

    def test_display_update_clear(self):
        cell = self.k.ok('display("step 0", "progress-test");\n'
                         'for (int i = 1; i <= 3; i++) updateDisplay("progress-test", "step " + i);\n'
                         'clearOutput();\n'
                         'display("done");')
        kinds = [m["msg_type"] for m in cell.messages]
        self.assertEqual(kinds, ["display_data"] + ["update_display_data"] * 3 + ["clear_output", "display_data"])
        self.assertEqual(cell.messages[0]["content"]["transient"]["display_id"], "progress-test")
        self.assertEqual(cell.messages[3]["content"]["transient"]["display_id"], "progress-test")
        self.assertEqual(cell.messages[3]["content"]["data"]["text/plain"], "step 3")

    def test_prints_and_displays_keep_their_order(self):
        cell = self.k.ok('System.out.println("a"); display("b"); System.out.println("c");')
        seq = [(m["msg_type"], m["content"].get("text") or m["content"].get("data", {}).get("text/plain"))
               for m in cell.messages]
        self.assertEqual(seq, [("stream", "a\n"), ("display_data", "b"), ("stream", "c\n")])

    def test_stdout_and_stderr_keep_their_order(self):
        cell = self.k.ok('for (int i = 0; i < 5; i++) {\n'
                         '  System.out.println("out " + i);\n'
                         '  System.err.println("err " + i);\n'
                         '}\n'
                         'System.out.print("no newline, ");\n'
                         'System.err.print("then err");')
        merged = []  # consecutive messages of one stream joined
        for m in cell.of_type("stream"):
            name, text = m["content"]["name"], m["content"]["text"]
            if merged and merged[-1][0] == name:
                merged[-1] = (name, merged[-1][1] + text)
            else:
                merged.append((name, text))
        expected = []
        for i in range(5):
            expected += [("stdout", f"out {i}\n"), ("stderr", f"err {i}\n")]
        expected += [("stdout", "no newline, "), ("stderr", "then err")]
        self.assertEqual(merged, expected)

    # --- errors ----------------------------------------------------------------------------

    def test_compile_error_names_line_and_column(self):
        cell = self.k.run("int a = 1;\nint b = a +* 2;\n")
        err = cell.error()
        self.assertEqual(err["ename"], "CompileError")
        self.assertIn("line 2", err["traceback"][0])
        self.assertNotIn("\x1b", "".join(err["traceback"]))

    def test_runtime_error_names_cells(self):
        self.k.ok("int half(int n) {\n  if (n == 0) throw new IllegalArgumentException(\"zero\");\n  return n / 2;\n}")
        cell = self.k.run("int r = half(4);\nhalf(0);")
        err = cell.error()
        self.assertEqual(err["ename"], "java.lang.IllegalArgumentException")
        self.assertEqual(err["evalue"], "zero")
        self.assertRegex(err["traceback"][1], r"at half \(cell \[\d+\], line 2\)")
        self.assertRegex(err["traceback"][2], r"at cell \[\d+\], line 2")
        self.assertNotIn("\x1b", "".join(err["traceback"]))
        self.assertEqual(self.k.ok("r").result(), "2")  # the snippets before the error ran

    def test_compile_error_summary_names_the_missing_symbol(self):
        err = self.k.run("int v = 1;\nint w = notDefinedAnywhere + v;").error()
        self.assertEqual(err["evalue"], "cannot find symbol: variable notDefinedAnywhere (line 2, column 9)")
        self.assertIn("cannot find symbol: variable notDefinedAnywhere", err["traceback"][0])
        self.assertNotIn("$JShell", "".join(err["traceback"]))

    def test_null_pointer_message_names_the_variable(self):
        err = self.k.run("String nothing = null;\nnothing.length()").error()
        self.assertEqual(err["ename"], "java.lang.NullPointerException")
        self.assertEqual(err["evalue"], 'Cannot invoke "String.length()" because "nothing" is null')
        # a class defined in a cell is named as the learner wrote it
        self.k.ok("class LearnerError extends RuntimeException { LearnerError() { super(\"mine\"); } }")
        err = self.k.run("throw new LearnerError();").error()
        self.assertEqual((err["ename"], err["evalue"]), ("LearnerError", "mine"))
        self.assertNotIn("$JShell", "".join(err["traceback"]))

    def test_deep_recursion_trace_is_folded(self):
        self.k.ok("int down(int n) { return n == 0 ? 0 : down(n - 1) + 1; }")
        err = self.k.run("down(10_000_000)").error()
        self.assertEqual(err["ename"], "java.lang.StackOverflowError")
        tb = err["traceback"]
        self.assertRegex(tb[1], r"at down \(cell \[\d+\], line 1\)")
        self.assertRegex(tb[2], r"^    \.\.\. \d{1,3}(,\d{3})* more identical lines$")
        self.assertLess(len(tb), 6, tb)

    def test_stop_at_first_error_in_cell(self):
        cell = self.k.run('int first = 1;\nint second = 1 / 0;\nSystem.out.println("not reached");')
        self.assertEqual(cell.status, "error")
        self.assertNotIn("not reached", cell.stdout())

    def test_run_all_stops_at_an_error(self):
        # "Run All" sends every cell at once with stop_on_error: the cells queued behind the failing
        # one are answered "aborted" and do not run (as ipykernel does)
        cells = self.k.run_all(["int beforeStop = 1;",
                                'Thread.sleep(300);\nthrow new IllegalStateException("stop here");',
                                "int afterStop = 2;",
                                'System.out.println("must not run");'], stop_on_error=True)
        self.assertEqual([c.status for c in cells], ["ok", "error", "aborted", "aborted"], cells)
        self.assertEqual(cells[1].error()["evalue"], "stop here")
        self.assertEqual(cells[3].stdout(), "")
        self.assertEqual(self.k.run("afterStop").error()["ename"], "CompileError")
        self.assertEqual(self.k.ok("beforeStop").result(), "1")  # a cell sent after the failure runs

    def test_run_all_without_stop_on_error_runs_every_cell(self):
        cells = self.k.run_all(['Thread.sleep(300);\nthrow new IllegalStateException("go on");',
                                "int afterGoOn = 2;",
                                'System.out.println("ran " + afterGoOn);'], stop_on_error=False)
        self.assertEqual([c.status for c in cells], ["error", "ok", "ok"], cells)
        self.assertEqual(cells[2].stdout(), "ran 2\n")

    def test_class_redefinition_notes(self):
        # as jshell: a variable of a redefined class is reset (and says so); one that no longer compiles is dropped
        self.k.ok("class Redef { int a = 1; }\nRedef q = new Redef();\nvar kept = 5;\nclass Shape { }\nShape sh = new Shape();")
        self.assertEqual(self.k.ok("q.a").result(), "1")
        cell = self.k.ok("class Redef { int a = 2; int b; }")
        self.assertEqual(cell.stderr(), "note: update replaced variable q, reset to null (class Redef changed)\n")
        self.assertEqual(self.k.ok("q == null").result(), "true")
        self.assertEqual(self.k.ok("kept").result(), "5")
        cell = self.k.ok("interface Shape { }")
        self.assertIn("note: update replaced variable sh, which cannot be used until it compiles again", cell.stderr())
        self.assertIn("abstract; cannot be instantiated", cell.stderr())
        self.assertIn("(interface Shape changed)", cell.stderr())
        # running the same class again changes nothing, so there is nothing to note
        self.k.ok("q = new Redef();")
        self.assertEqual(self.k.ok("class Redef { int a = 2; int b; }").stderr(), "")
        self.assertEqual(self.k.ok("q.a").result(), "2")

    # --- stdin, jars, protocol -------------------------------------------------------------

    def test_stdin(self):
        msg_id = self.k.send('String answer = new Scanner(System.in).nextLine(); answer.toUpperCase()', allow_stdin=True)
        req = self.k.kc.get_stdin_msg(timeout=60)
        self.assertEqual(req["msg_type"], "input_request")
        self.k.kc.input("hello stdin")
        cell = self.k.collect(msg_id)
        self.assertEqual(cell.result(), "HELLO STDIN")

    def test_stdin_many_cells_and_two_lines_in_one(self):
        # JShell's own input forwarding hung about one read in five (an extra request blocked the
        # channel that carries results); 30 reads in a row catch that.
        for i in range(30):
            msg_id = self.k.send(f'new Scanner(System.in).nextLine() + "!{i}"', allow_stdin=True)
            self.assertEqual(self.k.kc.get_stdin_msg(timeout=60)["msg_type"], "input_request")
            self.k.kc.input(f"line {i}")
            self.assertEqual(self.k.collect(msg_id, timeout=60).result(), f'line {i}!{i}')
        msg_id = self.k.send('var sc = new Scanner(System.in); sc.nextLine() + "|" + sc.nextLine()', allow_stdin=True)
        for word in ("first", "second"):
            self.k.kc.get_stdin_msg(timeout=60)
            self.k.kc.input(word)
        self.assertEqual(self.k.collect(msg_id, timeout=60).result(), 'first|second')

    def test_interrupt_while_waiting_for_input(self):
        msg_id = self.k.send('new Scanner(System.in).nextLine()', allow_stdin=True)
        self.assertEqual(self.k.kc.get_stdin_msg(timeout=60)["msg_type"], "input_request")
        self.k.km.interrupt_kernel()
        cell = self.k.collect(msg_id, timeout=60)
        self.assertEqual(cell.status, "error", cell)
        self.assertAlive()

    def test_stdin_not_allowed_reads_end_of_input(self):
        cell = self.k.ok("new BufferedReader(new InputStreamReader(System.in)).readLine()")
        self.assertEqual(cell.result(), "null")
        # end of input in one cell does not close System.in for the next
        msg_id = self.k.send('new Scanner(System.in).nextLine().length()', allow_stdin=True)
        self.k.kc.get_stdin_msg(timeout=60)
        self.k.kc.input("four")
        self.assertEqual(self.k.collect(msg_id).result(), "4")

    def test_jars_magic(self):
        bad = self.k.run("%jars /no/such/file.jar")
        self.assertEqual(bad.status, "error")
        self.assertEqual(len(bad.error()["traceback"]), 1)
        self.assertIn("no such file", bad.error()["evalue"])
        jars = glob.glob(os.path.expanduser("~/.m2/repository/org/opentest4j/opentest4j/*/opentest4j-*.jar"))
        if not jars:
            self.skipTest("no opentest4j jar in ~/.m2 to add")
        cell = self.k.ok(f"%jars {jars[0]}\nnew org.opentest4j.AssertionFailedError(\"added\").getMessage()")
        self.assertEqual(cell.result(), "added")

    def test_bad_signature_is_dropped(self):
        bad = self.k.km.client()
        bad.session.key = b"not-the-key"
        bad.start_channels()
        try:
            bad.kernel_info()
            with self.assertRaises(Empty):
                bad.get_shell_msg(timeout=3)
        finally:
            bad.stop_channels()
        msg_id = self.k.kc.kernel_info()
        reply = self.k.reply(msg_id, timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_is_complete(self):
        def status(code):
            msg_id = self.k.kc.is_complete(code)
            return self.k.reply(msg_id, timeout=30)["content"]
        self.assertEqual(status("int x = 1;")["status"], "complete")
        inc = status("for (int i = 0; i < 3; i++) {")
        self.assertEqual(inc["status"], "incomplete")
        self.assertEqual(inc["indent"], "    ")
        self.assertEqual(status("int x = ;")["status"], "invalid")
        for bad in ("int 3x = 1;", "1 +* 2;", "int = 5;"):
            self.assertEqual(status(bad)["status"], "invalid", bad)
        self.assertEqual(status("notDefinedYet(1)")["status"], "complete")

    def test_a_cells_own_imports_keep_the_start_up_imports(self):
        self.k.ok("import java.util.*;\nimport java.io.*;\nimport static fastai.display.Display.*;")
        cell = self.k.ok('display("still here"); Path p = Path.of("x"); List<INDArray> l = new ArrayList<>(); DataType.FLOAT')
        self.assertEqual(cell.of_type("display_data")[0]["content"]["data"]["text/plain"], "still here")
        self.assertEqual(cell.result(), "FLOAT")

    def test_context_class_loader_is_the_cells_loader(self):
        cell = self.k.ok("Thread.currentThread().getContextClassLoader() == new Object() { }.getClass().getClassLoader()")
        self.assertEqual(cell.result(), "true")

    def test_fastai_home_is_passed(self):
        self.assertEqual(self.k.ok('System.getProperty("fastai.home") != null').result(), "true")


class Dl4jListenerOutput(unittest.TestCase):
    """A fresh kernel (ND4J not loaded yet): DL4J's listener lines show in the cell, its start-up chatter does not."""

    def test_score_iteration_listener_lines_appear(self):
        k = Kernel()
        try:
            cell = k.ok("""
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
var tiny = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY).build())
    .build());
tiny.init();
tiny.setListeners(new ScoreIterationListener(1));
var xy = new DataSet(Nd4j.create(new float[][] {{0, 1}, {1, 0}, {1, 1}}), Nd4j.create(new float[][] {{1}, {1}, {2}}));
for (int i = 0; i < 3; i++) tiny.fit(xy);
System.out.println("trained");
""", timeout=300)
            lines = [l for l in cell.stderr().splitlines() if l.strip()]
            scores = [l for l in lines if "ScoreIterationListener - Score at iteration" in l]
            self.assertEqual(len(scores), 3, cell.stderr())
            self.assertTrue(scores[0].startswith("INFO ScoreIterationListener - Score at iteration 0 is "), scores[0])
            info = [l for l in lines if "INFO" in l]
            self.assertEqual(info, scores, "the listener's INFO lines only, no start-up INFO chatter")
            self.assertEqual(cell.stdout(), "trained\n")
        finally:
            k.shutdown()


FIXTURE_GROUP = "fastai.kerneltest"


def build_maven_fixture(root):
    """A file-based Maven repository: greeter 1.0 depends on shout 1.0; shout 2.0 also exists."""
    import hashlib
    import subprocess
    import zipfile

    def artifact(name, version, java, deps=()):
        d = os.path.join(root, *FIXTURE_GROUP.split("."), name, version)
        os.makedirs(d, exist_ok=True)
        src = tempfile.mkdtemp()
        pkg = os.path.join(src, "fastai", "kerneltest")
        os.makedirs(pkg)
        cls_name = name.capitalize()
        with open(os.path.join(pkg, cls_name + ".java"), "w") as f:
            f.write(java)
        cp = os.pathsep.join(deps_jars)
        subprocess.run(["javac", "--release", "17", "-d", src] + (["-cp", cp] if cp else []) +
                       [os.path.join(pkg, cls_name + ".java")], check=True)
        jar = os.path.join(d, f"{name}-{version}.jar")
        with zipfile.ZipFile(jar, "w") as z:
            z.write(os.path.join(pkg, cls_name + ".class"), f"fastai/kerneltest/{cls_name}.class")
        dep_xml = "".join(f"<dependency><groupId>{FIXTURE_GROUP}</groupId><artifactId>{a}</artifactId>"
                          f"<version>{v}</version></dependency>" for a, v in deps)
        pom = os.path.join(d, f"{name}-{version}.pom")
        with open(pom, "w") as f:
            f.write(f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
                    f"<groupId>{FIXTURE_GROUP}</groupId><artifactId>{name}</artifactId><version>{version}</version>"
                    f"<dependencies>{dep_xml}</dependencies></project>")
        for path in (jar, pom):
            with open(path, "rb") as f, open(path + ".sha1", "w") as out:
                out.write(hashlib.sha1(f.read()).hexdigest())
        return jar

    deps_jars = []
    shout = artifact("shout", "1.0", "package fastai.kerneltest; public class Shout {"
                     " public static String loud(String s) { return s.toUpperCase() + \"!\"; } }")
    deps_jars.append(shout)
    artifact("greeter", "1.0", "package fastai.kerneltest; public class Greeter {"
             " public static String hello(String n) { return Shout.loud(\"hello \" + n); } }", deps=[("shout", "1.0")])
    deps_jars.clear()
    artifact("shout", "2.0", "package fastai.kerneltest; public class Shout {"
             " public static String loud(String s) { return s + \"!!\"; } }")


class MavenMagic(unittest.TestCase):
    """%maven against a local file-based repository (FASTAI_MAVEN_REPOSITORY), never the network."""

    @classmethod
    def setUpClass(cls):
        cls.repo = tempfile.mkdtemp(prefix="fastai-maven-fixture")
        build_maven_fixture(cls.repo)
        cls.cache = os.path.expanduser(os.path.join("~/.m2/repository", *FIXTURE_GROUP.split(".")))
        shutil.rmtree(cls.cache, ignore_errors=True)  # resolve from the fixture, not an earlier run's cache
        cls.k = Kernel(env={"FASTAI_MAVEN_REPOSITORY": "file://" + cls.repo})

    @classmethod
    def tearDownClass(cls):
        cls.k.shutdown()
        shutil.rmtree(cls.repo, ignore_errors=True)
        shutil.rmtree(cls.cache, ignore_errors=True)  # the fixture's artifacts out of the user's ~/.m2

    def test_lsmagic_lists_the_magics(self):
        out = self.k.ok("%lsmagic").stdout()
        for magic in ("%maven", "%loadFromPOM", "%jars", "%classpath", "%lsmagic"):
            self.assertIn(magic, out)

    def test_maven_resolves_transitively_and_warns_on_a_second_version(self):
        t0 = time.time()
        cell = self.k.ok(f"%maven {FIXTURE_GROUP}:greeter:1.0\nfastai.kerneltest.Greeter.hello(\"maven\")", timeout=300)
        measured("maven_magic_fixture_s", f"{time.time() - t0:.2f}")
        self.assertEqual(cell.result(), "HELLO MAVEN!")  # Shout comes from the transitive dependency
        self.assertIn("added to the classpath: greeter-1.0.jar, shout-1.0.jar", cell.stderr())
        self.assertTrue(os.path.isfile(os.path.join(self.cache, "shout", "1.0", "shout-1.0.jar")), "cached in ~/.m2")
        again = self.k.ok(f"%maven {FIXTURE_GROUP}:greeter:1.0", timeout=300)
        self.assertIn("already on the classpath: greeter-1.0.jar, shout-1.0.jar", again.stderr())
        other = self.k.ok(f"%maven {FIXTURE_GROUP}:shout:2.0\nfastai.kerneltest.Shout.loud(\"x\")", timeout=300)
        self.assertIn("warning: %maven: adding shout 2.0, but shout 1.0 is already on the class path", other.stderr())
        self.assertEqual(other.result(), "X!")  # the first version's classes win, as the warning says

    def test_load_from_pom_adds_its_dependencies_transitively(self):
        # the pom names the fixture repository itself; a fresh kernel, so nothing is on the class path yet
        pom_dir = tempfile.mkdtemp(prefix="fastai-pom")
        pom = os.path.join(pom_dir, "pom.xml")
        with open(pom, "w") as f:
            f.write('<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
                    '<groupId>x</groupId><artifactId>extras</artifactId><version>1</version>'
                    '<properties><greeter.version>1.0</greeter.version></properties>'
                    f'<repositories><repository><id>fixture</id><url>file://{self.repo}</url></repository></repositories>'
                    f'<dependencies><dependency><groupId>{FIXTURE_GROUP}</groupId><artifactId>greeter</artifactId>'
                    '<version>${greeter.version}</version></dependency>'
                    '<dependency><groupId>org.example</groupId><artifactId>only-for-tests</artifactId><version>1</version>'
                    '<scope>test</scope></dependency></dependencies></project>')
        k = Kernel()
        try:
            cell = k.ok(f"%loadFromPOM {pom}\nfastai.kerneltest.Greeter.hello(\"pom\")", timeout=300)
            self.assertEqual(cell.result(), "HELLO POM!")  # Shout comes from greeter's own dependency
            self.assertIn("added to the classpath: greeter-1.0.jar, shout-1.0.jar", cell.stderr())
            self.assertIn("left out org.example:only-for-tests (test)", cell.stderr())
            err = k.run(f"%loadFromPOM {pom_dir}/nothere.xml").error()
            self.assertEqual(len(err["traceback"]), 1, err)
            self.assertIn("%loadFromPOM: no such file", err["evalue"])
        finally:
            k.shutdown()
            shutil.rmtree(pom_dir, ignore_errors=True)

    def test_unknown_artifact_is_one_line(self):
        cell = self.k.run(f"%maven {FIXTURE_GROUP}:no-such-thing:9.9", timeout=300)
        err = cell.error()
        self.assertEqual(err["ename"], "MagicError")
        self.assertEqual(len(err["traceback"]), 1, err)
        self.assertIn(f"{FIXTURE_GROUP}:no-such-thing:jar:9.9 was not found in file://", err["evalue"])

    def test_bad_coordinates_are_one_line(self):
        err = self.k.run("%maven just-a-name").error()
        self.assertIn("is not group:artifact:version", err["evalue"])

    def test_no_network_is_one_line(self):
        # a repository nobody listens at: what a learner sees without a network
        k = Kernel(env={"FASTAI_MAVEN_REPOSITORY": "http://127.0.0.1:9/maven2"})
        try:
            err = k.run(f"%maven {FIXTURE_GROUP}:unreachable:1.0", timeout=300).error()
            self.assertEqual(len(err["traceback"]), 1, err)
            self.assertIn("could not download", err["evalue"])
            self.assertIn("no network?", err["evalue"])
        finally:
            k.shutdown()


class SpecEnvironment(unittest.TestCase):
    """kernel.json's env reaches the execution JVM, over what the client's environment says."""

    def test_openblas_thread_timeout_reaches_the_cells(self):
        # The spec sets OPENBLAS_THREAD_TIMEOUT=4 (short BLAS spin-waits, see fastai.onednn.OneDnn); OpenBLAS reads it
        # when the natives load in the execution JVM, so that JVM must have it, whatever the client passed.
        k = Kernel(env={"OPENBLAS_THREAD_TIMEOUT": "30"})
        try:
            self.assertEqual(k.ok('System.getenv("OPENBLAS_THREAD_TIMEOUT")').result(), '4')
        finally:
            k.shutdown()

    def test_file_names_decode_as_utf8_without_a_locale(self):
        # With LANG/LC_ALL unset Java decodes file names as ASCII ("chat_??t??.png" is not found); the spec's
        # LC_ALL=C.UTF-8 must reach the execution JVM whatever the client's environment says.
        k = Kernel(env={"LANG": "", "LC_ALL": "C"})
        try:
            self.assertEqual(k.ok('System.getProperty("sun.jnu.encoding")').result(), 'UTF-8')
        finally:
            k.shutdown()


class SmallHeap(unittest.TestCase):
    """A kernel whose execution JVM has a 256 MB heap, to run out of it quickly."""

    @classmethod
    def setUpClass(cls):
        cls.k = Kernel(env={"FASTAI_KERNEL_JVM_OPTS": "-Xmx256m"})

    @classmethod
    def tearDownClass(cls):
        cls.k.shutdown()

    def test_heap_exhaustion_in_a_block(self):
        cell = self.k.run("{ List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1_000_000]); }",
                          timeout=120)
        self.assertEqual(cell.status, "error")
        self.assertIn(cell.error()["ename"], ("java.lang.OutOfMemoryError", "SessionEnded"))
        self.assertEqual(self.k.ok("1 + 1").result(), "2")

    def test_heap_exhaustion_kept_in_a_variable(self):
        self.k.ok("List<long[]> kept = new ArrayList<>();")
        cell = self.k.run("while (true) kept.add(new long[1_000_000]);", timeout=120)
        self.assertEqual(cell.status, "error")
        self.assertIn(cell.error()["ename"], ("java.lang.OutOfMemoryError", "SessionEnded"))
        after = self.k.run("kept = null; 1 + 1", timeout=120)  # alive with an error shown, or a fresh session
        self.assertIn(after.status, ("ok", "error"))
        self.assertEqual(self.k.ok("2 + 2").result(), "4")


class Lifecycle(unittest.TestCase):
    def test_restart_gives_a_fresh_session(self):
        k = Kernel()
        try:
            k.ok("int before = 1;")
            k.km.restart_kernel(now=False)
            k.kc.wait_for_ready(timeout=120)
            self.assertEqual(k.run("before").error()["ename"], "CompileError")
            self.assertEqual(k.ok("1 + 1").result(), "2")
        finally:
            k.shutdown()

    def test_shutdown_ends_both_processes(self):
        k = Kernel()
        pid = int(k.ok("ProcessHandle.current().pid()").result())
        t0 = time.time()
        k.kc.stop_channels()
        k.km.shutdown_kernel(now=False)
        measured("shutdown_s", f"{time.time() - t0:.2f}")
        self.assertFalse(k.km.is_alive())
        for _ in range(50):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
        self.assertFalse(os.path.exists(f"/proc/{pid}"), "the execution JVM outlived the kernel")

    def test_killed_kernel_takes_its_execution_jvm_along(self):
        k = Kernel()
        pid = int(k.ok("ProcessHandle.current().pid()").result())
        k.kc.stop_channels()
        k.km.shutdown_kernel(now=True)  # SIGKILL: no shutdown hook runs
        for _ in range(100):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
        self.assertFalse(os.path.exists(f"/proc/{pid}"), "the execution JVM outlived a killed kernel")

    def test_bad_jvm_option_gives_a_clear_error(self):
        k = Kernel(env={"FASTAI_KERNEL_JVM_OPTS": "-XX:+NoSuchOptionForTheTest"})
        try:
            cell = k.run("1 + 1", timeout=120)
            self.assertEqual(cell.status, "error")
            self.assertEqual(cell.error()["ename"], "SessionError")
            self.assertIn("NoSuchOptionForTheTest", cell.error()["evalue"])
            msg_id = k.kc.kernel_info()  # the kernel itself is fine
            self.assertEqual(k.reply(msg_id, timeout=10)["content"]["status"], "ok")
        finally:
            k.shutdown()

    def test_progress_echo_and_classpath_warning(self):
        with tempfile.TemporaryFile(mode="w+") as err:
            k = Kernel(env={"FASTAI_KERNEL_CLASSPATH": "/no/such/extra.jar"}, stderr=err)
            try:
                first = k.ok("1")
                self.assertIn("FASTAI_KERNEL_CLASSPATH: no such jar or folder: /no/such/extra.jar", first.stderr())
                self.assertEqual(first.stderr().count("\n"), 1)
                k.ok('display("epoch 1/2", "progress-bar"); Thread.sleep(1100); '
                     'updateDisplay("progress-bar", "epoch 2/2 loss 0.5");')
            finally:
                k.shutdown()
            err.seek(0)
            text = err.read()
        self.assertIn("epoch 1/2", text)
        self.assertIn("epoch 2/2 loss 0.5", text)


if __name__ == "__main__":
    unittest.main()
