package io.github.torchact.onnx;

import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which initializers become DJL parameters: weights and biases of Conv, Gemm and MatMul, BatchNormalization
 * scale/shift (trainable) and running mean/variance (not trained), PRelu slopes, and float tensors with more
 * than one element added to or multiplied with activations. Everything else (shapes, axes, scalars) stays a
 * constant.
 */
final class ParameterRoles {

    private ParameterRoles() {}

    static Map<String, Parameter.Type> assign(List<OnnxNode> nodes, Map<String, TensorValue> inits) {
        Map<String, Parameter.Type> roles = new LinkedHashMap<>();
        for (OnnxNode n : nodes) {
            String op = n.domain().equals(OnnxNode.TORCHACT_DOMAIN) ? "torchact:" + n.opType() : n.domain() + ":" + n.opType();
            switch (op) {
                case ":Conv":
                case ":Gemm":
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(2), Parameter.Type.BIAS);
                    break;
                case ":MatMul":
                    claim(roles, inits, n.input(0), Parameter.Type.WEIGHT);
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    break;
                case ":BatchNormalization":
                    claim(roles, inits, n.input(1), Parameter.Type.GAMMA);
                    claim(roles, inits, n.input(2), Parameter.Type.BETA);
                    claim(roles, inits, n.input(3), Parameter.Type.RUNNING_MEAN);
                    claim(roles, inits, n.input(4), Parameter.Type.RUNNING_VAR);
                    break;
                case ":PRelu":
                case "torchact:prelu":
                    claim(roles, inits, n.input(1), Parameter.Type.WEIGHT);
                    break;
                case ":Add":
                case ":Sub":
                case ":Mul":
                case ":Div":
                    for (String in : n.inputs()) {
                        TensorValue v = inits.get(in);
                        if (v != null && v.dataType().isFloating() && v.size() > 1) {
                            claim(roles, inits, in, Parameter.Type.OTHER);
                        }
                    }
                    break;
                default:
            }
        }
        return roles;
    }

    private static void claim(Map<String, Parameter.Type> roles, Map<String, TensorValue> inits, String name, Parameter.Type t) {
        TensorValue v = inits.get(name);
        if (v != null && v.dataType().isFloating() && !roles.containsKey(name)) {
            roles.put(name, t);
        }
    }
}
