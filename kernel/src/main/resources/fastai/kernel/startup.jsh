// Run by the kernel at the start of every Java session. Each paragraph is evaluated as one
// snippet (fewer compiles: a faster start); a paragraph of imports that does not compile is
// retried one import at a time and the ones that fail (a class not on the classpath yet) are skipped.
// (The display sink and the context class loader for ND4J are set up by fastai.kernel.RemoteAgent.)

import java.util.*; import java.util.function.*; import java.util.stream.*;
import java.io.*; import java.nio.file.*; import java.awt.image.BufferedImage;
import static fastai.display.Display.*;
import org.nd4j.linalg.factory.Nd4j; import org.nd4j.linalg.api.ndarray.INDArray;

// The course's helper library (fastai.Utils may not exist yet in every checkout).
import fastai.*;
import static fastai.Utils.*;
