package io.racex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates the arguments of an operation in {@link Linearizability} scenarios, and shrinks a
 * failing one toward simpler values.
 *
 * <pre>{@code
 * .operation("deposit", BankAccount::deposit, Gen.ints(1, 100))
 * .operation("put", Cache::put, Gen.of("a", "b"))
 * }</pre>
 *
 * @param <T> the argument type
 */
public final class Gen<T> {
    private final Function<Random, T> draw;
    private final Function<T, List<T>> shrink;

    private Gen(Function<Random, T> draw, Function<T, List<T>> shrink) {
        this.draw = draw;
        this.shrink = shrink;
    }

    /** Integers from {@code min} to {@code max}, both included; shrinks toward {@code min}. */
    public static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new RacexException("Gen.ints(" + min + ", " + max + "): min is above max");
        }
        return new Gen<>(r -> min + r.nextInt(max - min + 1), v -> {
            List<Integer> out = new ArrayList<>();
            if (v > min) {
                out.add(min);
                int half = min + (v - min) / 2;
                if (half != min && half != v) {
                    out.add(half);
                }
                if (v - 1 != min && v - 1 != half) {
                    out.add(v - 1);
                }
            }
            return out;
        });
    }

    /** One of {@code values}, each as likely; shrinks toward the first. */
    @SafeVarargs
    public static <T> Gen<T> of(T... values) {
        if (values.length == 0) {
            throw new RacexException("Gen.of() needs at least one value");
        }
        List<T> all = List.of(values);
        return new Gen<>(r -> all.get(r.nextInt(all.size())), v -> {
            int i = all.indexOf(v);
            return i <= 0 ? List.of() : new ArrayList<>(all.subList(0, i));
        });
    }

    /** {@code true} or {@code false}; shrinks toward {@code false}. */
    public static Gen<Boolean> booleans() {
        return of(false, true);
    }

    /** A value drawn from {@code random}. */
    public T draw(Random random) {
        return draw.apply(random);
    }

    /** Simpler values to try in place of {@code value}, simplest first. */
    public List<T> shrink(T value) {
        return shrink.apply(value);
    }
}
