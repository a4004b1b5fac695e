package dev.paved.catalog.persistence;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import dev.paved.catalog.domain.CatalogEntity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The served side of a catalog entity (its row and its rendering), read through Hibernate for batch
 * reads by ref. Rows are written in bulk by {@link EntityStore}; this mapping only reads them, hence
 * immutable.
 */
@Entity
@Immutable
@Table(name = "entities", schema = "catalog")
@SecondaryTable(name = "renderings", schema = "catalog", pkJoinColumns = @PrimaryKeyJoinColumn(name = "id"))
public class EntityRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "ref_key")
    public String refKey;

    public String kind;

    public String namespace;

    public String name;

    @Column(table = "renderings")
    public String etag;

    @Column(table = "renderings")
    public long revision;

    @Column(table = "renderings")
    public String body;

    public static List<EntityRecord> findByRefKeys(Collection<String> refKeys) {
        return list("refKey in ?1", refKeys);
    }

    public CatalogEntity toEntity() {
        return new CatalogEntity(kind, namespace, name, id, etag, revision, body);
    }
}
