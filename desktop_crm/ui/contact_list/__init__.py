"""The contact list: Qt-free state, a lazy id-holding table model, and its controller."""
