// Run by the kernel at the start of every Java session. Each paragraph is one snippet; the imports
// are one paragraph, so one compile (measured on the shared 2-core machine, 10 alternating starts
// each: median first result 2.95 s, against 3.19 s with one snippet per import).
//
// JShell names a snippet of several imports after its FIRST import, and a later snippet with that
// name replaces all of it: with "import java.util.*;" first, a cell's own "import java.util.*;"
// would remove the display functions too. So the first import is one no cell writes
// (java.lang.Object); a cell's own imports then add to these (test_kernel_behaviour:
// test_a_cells_own_imports_keep_the_start_up_imports). If the paragraph does not compile (a class
// not on the classpath yet), each import is tried on its own and the ones that fail are skipped.
// (The display sink and the context class loader for ND4J are set up by fastai.kernel.RemoteAgent.)
//
// The library's packages (lib/README.md): the core (fastai), training (fastai.train), showing
// (fastai.display) and the lesson packages whose classes notebooks use by simple name. Notebooks
// import fastai.datasets, arch, rnn, text, collab and augment themselves, as the lesson's one import.

import java.lang.Object;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.io.*;
import java.nio.file.*;
import java.awt.image.BufferedImage;
import static fastai.display.Display.*;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import fastai.*;
import fastai.train.*;
import fastai.display.*;
import fastai.lesson2.*;
import fastai.cnn.*;
import fastai.mnist.*;
import fastai.models.*;
import fastai.io.*;
import static fastai.Utils.*;
