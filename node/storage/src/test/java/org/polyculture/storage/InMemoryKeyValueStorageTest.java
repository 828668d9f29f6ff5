package org.polyculture.storage;

class InMemoryKeyValueStorageTest extends AbstractKeyValueStorageTest {

  @Override
  protected KeyValueStorage createStorage() {
    return new InMemoryKeyValueStorage();
  }
}
