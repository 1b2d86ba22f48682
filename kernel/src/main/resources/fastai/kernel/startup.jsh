// Run by the kernel at the start of every Java session. Each paragraph is evaluated as one
// snippet; an import that does not compile (a class not on the classpath) is skipped.
// (The display sink and the context class loader for ND4J are set up by fastai.kernel.RemoteAgent.)
//
// One import per paragraph, on purpose: JShell keys an import snippet by its first import, so a
// paragraph "import java.util.*; import static ...Display.*;" would be replaced, all of it, by a
// cell's own "import java.util.*;" and the display functions would vanish.

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

// The course's helper library.
import fastai.*;

import static fastai.Utils.*;
