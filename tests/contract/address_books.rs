//! Address books: personal contacts (#36, #37, #38) and device books (#39, #80–#83).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

fn full_contact(fx: &Fixture<'_>) -> NewPersonalContact {
    let mut contact = NewPersonalContact::new(fx.bob.id(), "Bobby");
    contact.contact_first_name = Some("Bob".into());
    contact.contact_last_name = Some("Builder".into());
    contact.contact_home_phone = Some("+14155550100".into());
    contact.contact_mobile_number = Some("+14155550101".into());
    contact.contact_business_number = Some("+14155550102".into());
    contact.contact_fax = Some("+14155550103".into());
    contact.contact_email = Some("bob@example.com".into());
    contact
}

pub async fn personal_contacts_are_added_listed_and_deleted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let list = || fx.api.get_personal_contacts(fx.alice.token.clone());
    assert!(list().await.expect("contacts").is_empty());
    let bob_id = fx
        .api
        .add_personal_contact(fx.alice.token.clone(), full_contact(&fx))
        .await
        .expect("add_personal_contact");
    assert!(
        is_lower_hex(bob_id.as_str(), 32),
        "contact ids are 32 lowercase hex"
    );
    let carol_id = fx
        .api
        .add_personal_contact(
            fx.alice.token.clone(),
            NewPersonalContact::new(fx.carol.id(), "Caz"),
        )
        .await
        .expect("a second contact");
    let contacts = list().await.expect("contacts");
    assert_eq!(contacts.len(), 2);
    let bob = contacts
        .iter()
        .find(|c| c.contact_id == bob_id)
        .expect("bob");
    assert_eq!(bob.fields, full_contact(&fx), "every field is kept");
    let bobs_book = fx.api.get_personal_contacts(fx.bob.token.clone()).await;
    assert!(bobs_book.expect("bob's").is_empty(), "books are personal");
    fx.api
        .delete_personal_contact(fx.alice.token.clone(), bob_id)
        .await
        .expect("delete_personal_contact");
    let contacts = list().await.expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].contact_id, carol_id);
    assert_eq!(contacts[0].fields.contact_nickname, "Caz");
}

pub async fn personal_contacts_refuse_missing_fields_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let add = |token: &UserAccessToken, contact: NewPersonalContact| {
        fx.api.add_personal_contact(token.clone(), contact)
    };
    let op = &op::ADD_PERSONAL_CONTACT;
    refused(t, op, 15, || {
        add(&fx.alice.token, NewPersonalContact::new("", "Nick"))
    })
    .await;
    refused(t, op, 15, || {
        add(&fx.alice.token, NewPersonalContact::new(fx.bob.id(), ""))
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    let contact = || NewPersonalContact::new(fx.bob.id(), "Bobby");
    refused(t, op, 55, || add(&revoked, contact())).await;
    refused(t, &op::GET_PERSONAL_CONTACTS, 55, || {
        fx.api.get_personal_contacts(revoked.clone())
    })
    .await;
    refused(t, &op::GET_PERSONAL_CONTACTS, 55, || {
        fx.api.get_personal_contacts(unknown("UAT").into())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || add(&fx.alice.token, contact())).await;
    refused(t, &op::GET_PERSONAL_CONTACTS, 10, || {
        fx.api.get_personal_contacts(fx.alice.token.clone())
    })
    .await;
}

pub async fn delete_personal_contact_refuses_unknown_and_foreign_ids(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let id = fx
        .api
        .add_personal_contact(
            fx.alice.token.clone(),
            NewPersonalContact::new(fx.bob.id(), "B"),
        )
        .await
        .expect("alice's contact");
    let op = &op::DELETE_PERSONAL_CONTACT;
    let delete = |member: &Member, id: &ContactId| {
        fx.api
            .delete_personal_contact(member.token.clone(), id.clone())
    };
    refused(t, op, 53, || {
        delete(&fx.alice, &ContactId::new("0".repeat(32)))
    })
    .await;
    refused(t, op, 16, || delete(&fx.alice, &ContactId::new(""))).await;
    // Another user's contact is not in bob's book: denied or not found, and kept.
    refused_with(t, op, &[11, 53], || delete(&fx.bob, &id)).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.delete_personal_contact(revoked.clone(), id.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || delete(&fx.alice, &id)).await;
}

pub async fn device_address_books_hint_kandy_users(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let phone_user = NewPhoneUser::new("3524096582", "US");
    fx.api
        .create_user_by_phone_number(fx.domain.token.clone(), phone_user)
        .await
        .expect("a phone user in the domain");
    fx.api
        .create_user_by_phone_number(other.token.clone(), NewPhoneUser::new("4155550111", "US"))
        .await
        .expect("a phone user in the other domain");
    let tablet = fx.add_device(&fx.alice, "tablet").await;
    let book = |device: &DeviceId| {
        fx.api
            .get_device_address_book(fx.alice.token.clone(), device.clone())
    };
    assert!(book(&fx.alice.device).await.expect("empty book").is_empty());
    let numbers = ["3524096582", "+1 352-409-6582", "5551234567"].map(String::from);
    let john = NewDeviceContact::new(numbers.to_vec(), "John", "Doe");
    let jane = NewDeviceContact::new(vec!["13524096582".into()], "Jane", "Roe");
    fx.api
        .upload_device_address_book(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            vec![john, jane],
        )
        .await
        .expect("upload_device_address_book");
    let entries = book(&fx.alice.device).await.expect("the book");
    let summary: Vec<_> = entries
        .iter()
        .map(|e| {
            (
                e.number.as_str(),
                e.first_name.as_str(),
                e.last_name.as_str(),
                e.hint_type.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("3524096582", "John", "Doe", HintType::Kandy),
            ("+1 352-409-6582", "John", "Doe", HintType::Kandy),
            ("5551234567", "John", "Doe", HintType::None),
            ("13524096582", "Jane", "Roe", HintType::Kandy),
        ],
        "one entry per number, hinted by phone number with or without calling code"
    );
    assert!(entries.iter().all(|e| e.device_id == fx.alice.device));
    let later = NewDeviceContact::new(vec!["4155550111".into()], "Other", "Domain");
    fx.api
        .upload_device_address_book(fx.alice.token.clone(), fx.alice.device.clone(), vec![later])
        .await
        .expect("a second upload");
    let entries = book(&fx.alice.device).await.expect("the book");
    assert_eq!(entries.len(), 5, "uploads append");
    assert_eq!(entries[4].number, "4155550111");
    assert_eq!(
        entries[4].hint_type,
        HintType::None,
        "only users of the same domain"
    );
    assert!(
        book(&tablet).await.expect("the tablet's book").is_empty(),
        "books are per device"
    );
    fx.api
        .delete_device_address_book(fx.alice.token.clone(), fx.alice.device.clone())
        .await
        .expect("delete_device_address_book");
    assert!(book(&fx.alice.device).await.expect("emptied").is_empty());
}

pub async fn device_address_books_refuse_other_devices_and_bad_input(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let contact = || vec![NewDeviceContact::new(vec!["5551234567".into()], "J", "D")];
    fx.api
        .upload_device_address_book(fx.alice.token.clone(), fx.alice.device.clone(), contact())
        .await
        .expect("alice's book");
    let nowhere = DeviceId::new("0".repeat(32));
    let get = |m: &Member, d: &DeviceId| fx.api.get_device_address_book(m.token.clone(), d.clone());
    let upload = |m: &Member, d: &DeviceId, c: Vec<NewDeviceContact>| {
        fx.api
            .upload_device_address_book(m.token.clone(), d.clone(), c)
    };
    let delete = |m: &Member, d: &DeviceId| {
        fx.api
            .delete_device_address_book(m.token.clone(), d.clone())
    };
    let (get_op, upload_op, delete_op) = (
        &op::GET_DEVICE_ADDRESS_BOOK,
        &op::UPLOAD_DEVICE_ADDRESS_BOOK,
        &op::DELETE_DEVICE_ADDRESS_BOOK,
    );
    for stranger in [&fx.bob, &dave] {
        refused(t, get_op, 11, || get(stranger, &fx.alice.device)).await;
        refused(t, upload_op, 11, || {
            upload(stranger, &fx.alice.device, contact())
        })
        .await;
        refused(t, delete_op, 11, || delete(stranger, &fx.alice.device)).await;
    }
    refused(t, get_op, 53, || get(&fx.alice, &nowhere)).await;
    refused(t, upload_op, 53, || upload(&fx.alice, &nowhere, contact())).await;
    refused(t, delete_op, 53, || delete(&fx.alice, &nowhere)).await;
    refused(t, upload_op, 16, || {
        upload(&fx.alice, &fx.alice.device, vec![])
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    let dev = &fx.alice.device;
    refused(t, get_op, 55, || {
        fx.api.get_device_address_book(revoked.clone(), dev.clone())
    })
    .await;
    refused(t, upload_op, 55, || {
        fx.api
            .upload_device_address_book(revoked.clone(), dev.clone(), contact())
    })
    .await;
    refused(t, delete_op, 55, || {
        fx.api
            .delete_device_address_book(revoked.clone(), dev.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, get_op, 10, || get(&fx.alice, dev)).await;
    refused(t, upload_op, 10, || upload(&fx.alice, dev, contact())).await;
    refused(t, delete_op, 10, || delete(&fx.alice, dev)).await;
}

/// Uploads to alice's two devices: a Kandy user's number and a stranger's on each.
async fn two_books(fx: &Fixture<'_>) -> DeviceId {
    fx.api
        .create_user_by_phone_number(
            fx.domain.token.clone(),
            NewPhoneUser::new("3524096582", "US"),
        )
        .await
        .expect("a phone user");
    let tablet = fx.add_device(&fx.alice, "tablet").await;
    for (device, kandy, other) in [
        (&fx.alice.device, "3524096582", "5551234567"),
        (&tablet, "+1 352 409 6582", "5557654321"),
    ] {
        let contacts = vec![NewDeviceContact::new(
            vec![kandy.into(), other.into()],
            "J",
            "D",
        )];
        fx.api
            .upload_device_address_book(fx.alice.token.clone(), device.clone(), contacts)
            .await
            .expect("upload_device_address_book");
    }
    tablet
}

pub async fn all_device_books_together_and_only_their_hints(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    assert!(
        fx.api
            .get_user_device_address_books(fx.alice.token.clone())
            .await
            .expect("no books yet")
            .is_empty()
    );
    let tablet = two_books(&fx).await;
    let all = fx
        .api
        .get_user_device_address_books(fx.alice.token.clone())
        .await
        .expect("get_user_device_address_books");
    let summary: Vec<_> = all
        .iter()
        .map(|e| (e.device_id.clone(), e.number.as_str(), e.hint_type.clone()))
        .collect();
    let phone = fx.alice.device.clone();
    assert_eq!(
        summary,
        [
            (phone.clone(), "3524096582", HintType::Kandy),
            (phone.clone(), "5551234567", HintType::None),
            (tablet.clone(), "+1 352 409 6582", HintType::Kandy),
            (tablet.clone(), "5557654321", HintType::None),
        ],
        "every device's entries, in device order"
    );
    let hints = |device: &DeviceId| {
        fx.api
            .get_device_address_book_hints(fx.alice.token.clone(), device.clone())
    };
    let on_phone = hints(&phone).await.expect("get_device_address_book_hints");
    assert_eq!(on_phone.len(), 1);
    assert_eq!(on_phone[0].number, "3524096582");
    assert_eq!(on_phone[0].hint_type, HintType::Kandy);
    let on_tablet = hints(&tablet).await.expect("the tablet's hints");
    assert_eq!(on_tablet.len(), 1);
    assert_eq!(on_tablet[0].device_id, tablet);
    // Other users see none of alice's books.
    assert!(
        fx.api
            .get_user_device_address_books(fx.bob.token.clone())
            .await
            .expect("bob's")
            .is_empty()
    );
}

pub async fn device_book_hints_refuse_other_devices_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    two_books(&fx).await;
    let (all_op, hints_op) = (
        &op::GET_USER_DEVICE_ADDRESS_BOOKS,
        &op::GET_DEVICE_ADDRESS_BOOK_HINTS,
    );
    let hints = |m: &Member, d: &DeviceId| {
        fx.api
            .get_device_address_book_hints(m.token.clone(), d.clone())
    };
    for stranger in [&fx.bob, &dave] {
        refused(t, hints_op, 11, || hints(stranger, &fx.alice.device)).await;
    }
    refused(t, hints_op, 53, || {
        hints(&fx.alice, &DeviceId::new("0".repeat(32)))
    })
    .await;
    refused(t, hints_op, 16, || hints(&fx.alice, &DeviceId::new(""))).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, all_op, 55, || {
        fx.api.get_user_device_address_books(revoked.clone())
    })
    .await;
    refused(t, hints_op, 55, || {
        fx.api
            .get_device_address_book_hints(revoked.clone(), fx.alice.device.clone())
    })
    .await;
    refused(t, all_op, 55, || {
        fx.api.get_user_device_address_books(unknown("UAT").into())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, all_op, 10, || {
        fx.api.get_user_device_address_books(fx.alice.token.clone())
    })
    .await;
    refused(t, hints_op, 10, || hints(&fx.alice, &fx.alice.device)).await;
}
