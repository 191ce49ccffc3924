package org.postroom.web.api;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.postroom.service.ServiceException;

/**
 * A request body read strictly: it must be one JSON object, may only carry the named fields, and each field must
 * have the expected type. Every refusal is a 400 with a message naming the field.
 */
final class JsonBody {

    static final int MAX_CHARS = 1 << 20;

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /** Parses {@code text}; an empty body counts as {@code {}}. */
    static JsonBody parse(String text, String... allowedFields) {
        if (text == null || text.isBlank()) {
            return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
        }
        if (text.length() > MAX_CHARS) {
            throw ServiceException.invalid("request body too large");
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw ServiceException.invalid("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ServiceException.invalid("the body must be a JSON object");
        }
        JsonObject object = value.asJsonObject();
        Set<String> unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(Set.of(allowedFields));
        if (!unknown.isEmpty()) {
            throw ServiceException.invalid("unknown field(s) " + unknown + "; allowed: " + List.of(allowedFields));
        }
        return new JsonBody(object);
    }

    /** A string field; null when absent or JSON null, unless required. */
    String string(String name, boolean required) {
        JsonValue v = object.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw ServiceException.invalid("field '" + name + "' is required");
            }
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw ServiceException.invalid("field '" + name + "' must be a string");
    }

    /** A whole number field; null when absent or JSON null. */
    Long wholeNumber(String name) {
        JsonValue v = object.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            BigDecimal d = n.bigDecimalValue();
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw ServiceException.invalid("field '" + name + "' must be a whole number within 64 bits");
            }
        }
        throw ServiceException.invalid("field '" + name + "' must be a whole number or null");
    }

    /** An array of strings; empty when absent or JSON null. */
    List<String> strings(String name) {
        JsonValue v = object.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ServiceException.invalid("field '" + name + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                throw ServiceException.invalid("field '" + name + "' must contain only strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    boolean has(String name) {
        return object.containsKey(name);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
