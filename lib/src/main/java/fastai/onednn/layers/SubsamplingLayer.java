package fastai.onednn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import fastai.onednn.DnnlPoolingHelper;

/**
 * DL4J's pooling layer whose forward also goes through {@link DnnlPoolingHelper}. DL4J 1.0.0-M2.1's own
 * forward always runs libnd4j's {@code maxpool2d} and never asks its helper, so the helper's backward had to
 * pool the input a second time to find the maxima; from this forward it keeps oneDNN's workspace (the argmax)
 * for the backward of the same step. The simple name stays DL4J's (see {@link DenseLayer}).
 */
public class SubsamplingLayer extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {
    public SubsamplingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (helper instanceof DnnlPoolingHelper h && helperCountFail == 0 && input != null && input.rank() == 4) {
            INDArray out = h.activate(input.castTo(dataType), training, layerConf().getKernelSize(), layerConf().getStride(),
                    layerConf().getPadding(), layerConf().getPoolingType(), convolutionMode, layerConf().getDilation(),
                    layerConf().getCnn2dDataFormat(), workspaceMgr);
            if (out != null) return out;
        }
        return super.activate(training, workspaceMgr);
    }
}
