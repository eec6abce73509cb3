package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.store.Footprint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlFootprintsTest {
    private static final SqlFootprints KEYS = SqlFootprints.learn(List.of(
            "CREATE TABLE doctors (name VARCHAR(20) PRIMARY KEY, on_call BOOLEAN NOT NULL)",
            "INSERT INTO doctors (name, on_call) VALUES ('alice', TRUE), ('bob', TRUE)",
            "CREATE TABLE product (id INT NOT NULL, sku VARCHAR(40) NOT NULL, PRIMARY KEY (id), CONSTRAINT u UNIQUE (sku))",
            "CREATE TABLE log (thread INT NOT NULL, amount INT NOT NULL)",
            "CREATE TABLE seq (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
            "CREATE TABLE item (id INT PRIMARY KEY, product_id INT REFERENCES product (id))",
            "CREATE TABLE pair (a INT, b INT, v INT, PRIMARY KEY (a, b))"));

    private static Footprint fp(String sql, Object... params) {
        Map<Integer, Object> p = new java.util.HashMap<>();
        for (int i = 0; i < params.length; i++) {
            p.put(i + 1, params[i]);
        }
        return KEYS.footprint(sql, p, true, false, () -> "T1.1");
    }

    private static Footprint reads(String... locations) {
        return new Footprint(Set.of(locations), Set.of());
    }

    private static Footprint writes(String... locations) {
        return new Footprint(Set.of(), Set.of(locations));
    }

    @Test
    void aPredicateReadReadsTheTable() {
        assertEquals(reads("doctors"), fp("SELECT COUNT(*) FROM doctors WHERE on_call"));
        assertEquals(reads("doctors"), fp("SELECT * FROM doctors WHERE name > 'a'"));
        assertEquals(reads("doctors"), fp("SELECT * FROM doctors WHERE name = 'alice' OR name = 'bob'"));
    }

    @Test
    void aWhereOnTheKeyTouchesThoseRows() {
        assertEquals(writes("doctors{name='alice'}"), fp("UPDATE doctors SET on_call = FALSE WHERE name = 'alice'"));
        assertEquals(writes("doctors{name='bob'}"), fp("UPDATE doctors SET on_call = FALSE WHERE name = ? AND on_call", "Bob "));
        assertEquals(reads("doctors{name='alice'}", "doctors{name='bob'}"), fp("SELECT * FROM doctors d WHERE d.name IN ('alice', 'bob')"));
        assertEquals(writes("doctors{name='alice'}"), fp("SELECT * FROM doctors WHERE name = 'alice' FOR UPDATE"));
        assertEquals(writes("doctors{name='alice'}"), fp("DELETE FROM doctors WHERE name = 'alice'"));
        assertEquals(reads("product{sku='x'}"), fp("SELECT COUNT(*) FROM product WHERE sku = 'X'"));
        assertEquals(reads("product{id=1}"), fp("SELECT * FROM product WHERE id = ?", 1L));
        assertEquals(reads("product{id=1}"), fp("SELECT * FROM product WHERE id = 1.0"));
        assertEquals(reads("pair{(a,b)=(1,2)}"), fp("SELECT v FROM pair WHERE b = 2 AND a = 1"));
        assertEquals(reads("pair"), fp("SELECT v FROM pair WHERE a = 1"));
    }

    @Test
    void whatCannotBeToldTouchesTheTable() {
        assertEquals(writes("doctors"), fp("UPDATE doctors SET name = 'carol' WHERE name = 'alice'"));
        assertEquals(reads("doctors"), fp("SELECT * FROM doctors WHERE name = ?", (Object) null));
        assertEquals(reads("doctors"), fp("SELECT * FROM doctors WHERE name = (SELECT MIN(name) FROM doctors)"));
        assertEquals(new Footprint(Set.of("doctors", "product"), Set.of()),
                fp("SELECT * FROM doctors JOIN product ON product.id = 1 WHERE doctors.name = 'alice'"));
        assertEquals(reads("unknown_table"), fp("SELECT * FROM unknown_table WHERE id = 1"));
        assertEquals(writes("seq"), fp("INSERT INTO seq (v) VALUES (1)"));
        assertEquals(writes("seq"), fp("INSERT INTO seq (id, v) VALUES (1, 1)"));
        // a key not given: the whole table, and the table that references it
        assertEquals(writes("product", "item"), fp("INSERT INTO product (id) VALUES (1)"));
        assertEquals(reads("doctors"), KEYS.footprint("SELECT * FROM doctors WHERE name = 'alice'", Map.of(), false, false, () -> "x"));
    }

    @Test
    void anInsertWritesItsRowUnderEveryKey() {
        assertEquals(writes("product{id=1}", "product{sku='x'}", "product{id=2}", "product{sku='y'}"),
                fp("INSERT INTO product (id, sku) VALUES (1, 'x'), (?, ?)", 2, "y"));
        assertEquals(writes("log{new=T1.1}"), fp("INSERT INTO log (thread, amount) VALUES (?, 100)", 1));
        assertEquals(writes("log"), KEYS.footprint("INSERT INTO log (thread, amount) VALUES (1, 100)", Map.of(), true, true, () -> "x"));
    }

    @Test
    void foreignKeysReachTheOtherTable() {
        assertEquals(new Footprint(Set.of("product"), Set.of("item{id=1}")), fp("INSERT INTO item (id, product_id) VALUES (1, 7)"));
        assertEquals(writes("product{id=7}", "item"), fp("DELETE FROM product WHERE id = 7"));
    }

    @Test
    void anUnreadableSetupKnowsNoKeys() {
        SqlFootprints none = SqlFootprints.learn(List.of("CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TRIGGER x BEFORE INSERT ON t"));
        assertEquals(reads("t"), none.footprint("SELECT * FROM t WHERE id = 1", Map.of(), true, false, () -> "x"));
    }
}
