package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What a listener contract's tests call, per concrete test class: a new listener method needs a test in the
 * contract, and once every test of the contract ran, {@link #assertEveryMethodCalled} says which method none called.
 *
 * @param <L> the listener interface
 */
public final class ListenerCoverage<L> {

    private final Class<L> listener;
    private final Class<?> contract;
    private final Map<Class<?>, Set<String>> called = new ConcurrentHashMap<>();
    private final Map<Class<?>, AtomicInteger> ran = new ConcurrentHashMap<>();

    public ListenerCoverage(Class<L> listener, Class<?> contract) {
        this.listener = listener;
        this.contract = contract;
    }

    /** {@code target} wrapped so that its calls count for {@code testClass}; counts {@code test} if the contract's. */
    public L record(Class<?> testClass, TestInfo test, L target) {
        Set<String> calls = called.computeIfAbsent(testClass, c -> ConcurrentHashMap.newKeySet());
        if (test.getTestMethod().orElseThrow().getDeclaringClass() == contract) {
            ran.computeIfAbsent(testClass, c -> new AtomicInteger()).incrementAndGet();
        }
        return listener.cast(Proxy.newProxyInstance(testClass.getClassLoader(), new Class<?>[]{listener},
                (p, m, args) -> {
                    calls.add(m.getName());
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    /** Fails if a listener method was never called, when every test of the contract ran (not a selection). */
    public void assertEveryMethodCalled(Class<?> testClass) {
        long contractTests = Arrays.stream(contract.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).count();
        if (ran.getOrDefault(testClass, new AtomicInteger()).get() < contractTests) {
            return;
        }
        Set<String> all = Arrays.stream(listener.getMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, new TreeSet<>(called.get(testClass)), "listener methods no contract test calls");
    }
}
