package io.github.torchact.onnx.export;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.TensorEncoder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An imported {@link OnnxGraphBlock} inside a DJL model (an imported backbone under a new head, say): its original
 * nodes inlined, with its current parameter values under their original ONNX names; the values it computes are
 * renamed under the block's path so they cannot collide. It must be written at the opset it was imported at.
 */
final class ImportedGraphExporter implements BlockExporter {

    @Override
    public boolean supports(Block block) {
        return block instanceof OnnxGraphBlock;
    }

    @Override
    public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
        String where = "block '" + ctx.path() + "' " + ExportContext.describe(block);
        OnnxMl.ModelProto model = ((OnnxGraphBlock) block).toModelProto();
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            if (domain.isEmpty() && o.getVersion() != ctx.opset()) {
                throw new OnnxExportException(where + ": imported at opset " + o.getVersion() + "; export the model with optOpset("
                        + o.getVersion() + ") so its nodes keep their meaning");
            }
            if (!domain.isEmpty()) {
                ctx.addOpset(domain, o.getVersion());
            }
        }
        OnnxMl.GraphProto g = model.getGraph();
        Set<String> initializerNames = g.getInitializerList().stream().map(OnnxMl.TensorProto::getName).collect(Collectors.toSet());
        List<String> graphInputs = g.getInputList().stream().map(OnnxMl.ValueInfoProto::getName)
                .filter(n -> !initializerNames.contains(n)).collect(Collectors.toList());
        if (graphInputs.size() != inputs.size()) {
            throw new OnnxExportException(where + ": the graph has " + graphInputs.size() + " inputs, it is given " + inputs.size());
        }
        Map<String, String> renamed = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            renamed.put(graphInputs.get(i), inputs.get(i));
        }
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (!ctx.addInitializer(t, TensorEncoder.djlType(t.getDataType(), t.getName()))) {
                throw new OnnxExportException(where + ": its initializer '" + t.getName() + "' clashes with another initializer of"
                        + " that name in the model (two imported graphs with the same parameter names?)");
            }
        }
        String prefix = "/" + ctx.path() + (ctx.path().isEmpty() ? "" : "/");
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new OnnxExportException(where + ": node '" + n.getName() + "' (" + n.getOpType()
                            + ") has a subgraph; an imported graph with control flow is exported only as the whole model");
                }
            }
            OnnxMl.NodeProto.Builder b = n.toBuilder().setName(prefix + strip(n.getName()));
            for (int i = 0; i < b.getInputCount(); i++) {
                b.setInput(i, renamed.getOrDefault(b.getInput(i), b.getInput(i)));
            }
            for (int i = 0; i < b.getOutputCount(); i++) {
                String o = b.getOutput(i);
                if (!o.isEmpty()) {
                    renamed.put(o, prefix + strip(o));
                    b.setOutput(i, prefix + strip(o));
                }
            }
            ctx.addNode(b.build());
        }
        List<String> outputs = new java.util.ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            String name = renamed.getOrDefault(v.getName(), v.getName());
            int elem = v.getType().getTensorType().getElemType();
            ctx.setType(name, TensorEncoder.djlType(elem, v.getName()));
            outputs.add(name);
        }
        return outputs;
    }

    private static String strip(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
