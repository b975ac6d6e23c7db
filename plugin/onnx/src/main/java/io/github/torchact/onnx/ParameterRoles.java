package io.github.torchact.onnx;

import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which float initializers become DJL parameters, i.e. which were torch parameters before export.
 *
 * <ul>
 *   <li>Inputs in a weight position are parameters whatever their name (the legacy exporter stores a Linear weight
 *       transposed under an anonymous {@code onnx::MatMul_N} name): Conv/ConvTranspose/Gemm/MatMul operands and
 *       biases, LayerNormalization/InstanceNormalization/GroupNormalization scale and bias, Gather's data
 *       (embeddings), PRelu slopes, LSTM/GRU/RNN weights and biases, BatchNormalization scale/shift (trainable)
 *       and running mean/variance (not trained).
 *   <li>Any other float initializer is a parameter when it carries a torch module path as its name (class token,
 *       position embeddings, layer scale, RMSNorm weight) and is not a known buffer ({@code inv_freq},
 *       {@code position_ids}, masks); the exporters' anonymous constants ({@code onnx::Mul_7}, {@code val_12},
 *       {@code /Constant_output_0}, ...) and scalars stay constants.
 * </ul>
 */
final class ParameterRoles {

    private static final Pattern ANONYMOUS = Pattern.compile("onnx::.*|/.*|_?val_\\d+.*|.*_output_\\d+|_?(tensor_)?constant.*|"
            + "const(ant)?_?\\d*.*|(p|b)_?\\d+|arg\\d+.*|.*::.*");
    private static final Pattern BUFFER = Pattern.compile(".*(inv_freq|position_ids|token_type_ids|relative_position_index|"
            + "_mask|\\.mask|causal_mask|num_batches_tracked|running_mean|running_var|attn\\.bias|attn\\.masked_bias)$");

    private ParameterRoles() {}

    static Map<String, Parameter.Type> assign(List<OnnxNode> nodes, Map<String, TensorValue> inits) {
        Map<String, Parameter.Type> roles = new LinkedHashMap<>();
        for (OnnxNode n : nodes) {
            String op = n.domain().equals(OnnxNode.TORCHACT_DOMAIN) ? "torchact:" + n.opType() : n.domain() + ":" + n.opType();
            switch (op) {
                case ":Conv":
                case ":ConvTranspose":
                case ":Gemm":
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(2), Parameter.Type.BIAS);
                    break;
                case ":MatMul":
                    claim(roles, inits, n.input(0), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    break;
                case ":LayerNormalization":
                case ":InstanceNormalization":
                case ":GroupNormalization":
                    claim(roles, inits, n.input(1), Parameter.Type.GAMMA);
                    claim(roles, inits, n.input(2), Parameter.Type.BETA);
                    break;
                case ":BatchNormalization":
                    claim(roles, inits, n.input(1), Parameter.Type.GAMMA);
                    claim(roles, inits, n.input(2), Parameter.Type.BETA);
                    claim(roles, inits, n.input(3), Parameter.Type.RUNNING_MEAN);
                    claim(roles, inits, n.input(4), Parameter.Type.RUNNING_VAR);
                    break;
                case ":Gather":
                    claim(roles, inits, n.input(0), Parameter.Type.WEIGHT);
                    break;
                case ":LSTM":
                case ":GRU":
                case ":RNN":
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(2), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(3), Parameter.Type.BIAS);
                    break;
                case "torchact:" + FunnelPattern.FUNNEL:
                    claim(roles, inits, n.input(3), Parameter.Type.GAMMA);
                    claim(roles, inits, n.input(4), Parameter.Type.BETA);
                    claim(roles, inits, n.input(5), Parameter.Type.RUNNING_MEAN);
                    claim(roles, inits, n.input(6), Parameter.Type.RUNNING_VAR);
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(2), Parameter.Type.BIAS);
                    break;
                case "torchact:" + FunnelPattern.FOLDED:
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(2), Parameter.Type.BIAS);
                    break;
                case ":PRelu":
                case "torchact:prelu":
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    break;
                default:
            }
        }
        for (OnnxNode n : nodes) {
            for (String in : n.inputs()) {
                TensorValue v = inits.get(in);
                if (v != null && v.dataType().isFloating() && v.size() > 1 && isModulePath(in)) {
                    claim(roles, inits, in, Parameter.Type.OTHER);
                }
            }
        }
        return roles;
    }

    /** Whether {@code name} reads as a torch parameter's path rather than an exporter's constant or a buffer. */
    static boolean isModulePath(String name) {
        return !ANONYMOUS.matcher(name).matches() && !BUFFER.matcher(name).matches();
    }

    private static void claim(Map<String, Parameter.Type> roles, Map<String, TensorValue> inits, String name, Parameter.Type t) {
        TensorValue v = inits.get(name);
        if (v != null && v.dataType().isFloating() && !roles.containsKey(name)) {
            roles.put(name, t);
        }
    }
}
