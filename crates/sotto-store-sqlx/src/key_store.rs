//! Every [`KeyStore`](sotto_store::KeyStore) operation written once for both sqlx backends, in
//! PostgreSQL's `$n` placeholders (which SQLite binds too). A backend implements
//! [`Access`](crate::Access) and invokes [`key_store!`](crate::key_store) with the operations
//! whose code differs (its schema version, closing and checkpointing).

/// How many conversation ids one `DELETE … IN (…)` names, well under every backend's limit
/// of bound parameters.
pub const SHRED_CHUNK: usize = 500;

/// Implements [`KeyStore`](sotto_store::KeyStore) for `$store`, which implements
/// [`Access`](crate::Access): the items in braces (`schema_version`, `close`, `checkpoint`)
/// and every other operation as written here. The invoking crate depends on `sqlx`,
/// `sotto-core`, `sotto-store` and `tracing`.
#[macro_export]
macro_rules! key_store {
    ($store:ty, $field:ident: $access:ty { $($specific:tt)* }) => {
        impl sotto_store::KeyStore for $store {
            $($specific)*

            async fn ping(&self) -> sotto_store::StoreResult<()> {
                $crate::Access::ping(&self.$field).await
            }

            #[tracing::instrument(skip_all)]
            async fn conversation_key(
                &self,
                tenant: sotto_core::TenantId,
                conversation: sotto_core::ConversationId,
            ) -> sotto_store::StoreResult<Option<Vec<u8>>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar(
                    "SELECT wrapped_key FROM conversation_keys WHERE tenant_id = $1 AND conversation_id = $2",
                )
                .bind(tenant.to_string())
                .bind(conversation.to_string())
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn insert_conversation_key(
                &self,
                key: &sotto_store::ConversationKeyRecord,
            ) -> sotto_store::StoreResult<Vec<u8>> {
                let (tenant, conversation) = (key.tenant_id.to_string(), key.conversation_id.to_string());
                let mut tx = $crate::Access::write(&self.$field, key.tenant_id).await?;
                sqlx::query(
                    "INSERT INTO conversation_keys (tenant_id, conversation_id, wrapped_key, created_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, conversation_id) DO NOTHING",
                )
                .bind(&tenant)
                .bind(&conversation)
                .bind(key.wrapped_key.as_slice())
                .bind(key.created_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let stored: Vec<u8> = sqlx::query_scalar(
                    "SELECT wrapped_key FROM conversation_keys WHERE tenant_id = $1 AND conversation_id = $2",
                )
                .bind(&tenant)
                .bind(&conversation)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(stored)
            }

            #[tracing::instrument(skip_all)]
            async fn shred(
                &self,
                tenant: sotto_core::TenantId,
                keys: sotto_store::KeysToShred<'_>,
            ) -> sotto_store::StoreResult<u64> {
                match keys {
                    sotto_store::KeysToShred::Tenant => {
                        let statement = sqlx::query("DELETE FROM conversation_keys WHERE tenant_id = $1")
                            .bind(tenant.to_string());
                        $crate::Access::execute(&self.$field, tenant, statement).await
                    }
                    sotto_store::KeysToShred::Conversations(ids) => {
                        let mut shredded = 0;
                        for chunk in ids.chunks($crate::key_store::SHRED_CHUNK) {
                            let mut delete = sqlx::QueryBuilder::<<$access as $crate::Access>::Db>::new(
                                "DELETE FROM conversation_keys WHERE tenant_id = ",
                            );
                            delete.push_bind(tenant.to_string()).push(" AND conversation_id IN (");
                            let mut list = delete.separated(", ");
                            for id in chunk {
                                list.push_bind(id.to_string());
                            }
                            delete.push(")");
                            shredded += $crate::Access::execute(&self.$field, tenant, delete.build()).await?;
                        }
                        Ok(shredded)
                    }
                }
            }

            #[tracing::instrument(skip_all)]
            async fn keys_page(
                &self,
                tenant: sotto_core::TenantId,
                created_before: sotto_core::UnixTime,
                after: Option<sotto_core::ConversationId>,
                limit: u32,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConversationKeyRecord>> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query(
                    "SELECT conversation_id, wrapped_key, created_at FROM conversation_keys
                     WHERE tenant_id = $1 AND created_at < $2 AND conversation_id > $3
                     ORDER BY conversation_id LIMIT $4",
                )
                .bind(tenant.to_string())
                .bind(created_before)
                .bind(after.map(|id| id.to_string()).unwrap_or_default())
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                rows.iter()
                    .map(|row| {
                        Ok(sotto_store::ConversationKeyRecord {
                            tenant_id: tenant,
                            conversation_id: sotto_store::decode::conversation_id(
                                row.try_get("conversation_id").map_err($crate::backend)?,
                            )?,
                            wrapped_key: row.try_get("wrapped_key").map_err($crate::backend)?,
                            created_at: row.try_get("created_at").map_err($crate::backend)?,
                        })
                    })
                    .collect()
            }
        }
    };
}
